import { monitoringEndpoints } from "@/lib/endpoints/monitoring";
import { route } from "@/lib/http/route";
import { fleet } from "@/lib/services/monitoring";

// GET /api/v1/fleet – every active deployment with sparklines and health
export const GET = route(monitoringEndpoints.fleet, async ({ query }) => fleet(query));
