// Runs once when the Next.js server starts: validate the environment up front, so a bad
// variable stops the server with a message naming it instead of failing a request later.
// Next compiles this file for the edge runtime too; NEXT_RUNTIME is a build-time constant,
// so the import below is left out of that bundle.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNode } = await import("./lib/instrumentation-node");
    await registerNode();
  }
}
