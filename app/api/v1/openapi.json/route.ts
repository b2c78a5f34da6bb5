import { systemEndpoints } from "@/lib/endpoints/system";
import { allEndpoints } from "@/lib/endpoints";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import { route } from "@/lib/http/route";

// GET /api/v1/openapi.json – the OpenAPI 3.1 document, generated from the endpoint contracts
// (Spread: the document's interface type lacks the index signature its record schema asks for.)
export const GET = route(systemEndpoints.openapi, async () => ({
  ...buildOpenApiDocument(allEndpoints),
}));
