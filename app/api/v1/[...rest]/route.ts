import { notFound } from "@/lib/errors";
import { problemResponse } from "@/lib/http/problem";

// Anything under /api/v1 that no route serves: a problem+json 404, not the HTML page.
function unknown(req: Request) {
  return problemResponse(
    notFound(`No API route for ${req.method} ${new URL(req.url).pathname}`),
    new URL(req.url).pathname,
  );
}

export { unknown as GET, unknown as POST, unknown as PUT, unknown as PATCH, unknown as DELETE };
