import { systemEndpoints } from "@/lib/endpoints/system";
import { allEndpoints } from "@/lib/endpoints";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import { route } from "@/lib/http/route";

// GET /api/v1/openapi.json – the OpenAPI 3.1 document, generated from the endpoint contracts
export const GET = route(systemEndpoints.openapi, async () => buildOpenApiDocument(allEndpoints));
