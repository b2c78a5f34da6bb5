import { systemEndpoints } from "@/lib/endpoints/system";
import { route } from "@/lib/http/route";
import { attentionCounts } from "@/lib/services/attention";

// GET /api/v1/attention – firing alerts and pending promotions, for the navigation badges
export const GET = route(systemEndpoints.attention, async () => attentionCounts());
