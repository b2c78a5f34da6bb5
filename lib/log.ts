import pino from "pino";

// Structured JSON logs on stdout. The level comes from LOG_LEVEL; read directly here so
// logging works even while the environment is being validated.
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "modelgate" },
  redact: ["req.headers.authorization", "req.headers.cookie", "password", "token"],
  timestamp: pino.stdTimeFunctions.isoTime,
});
