import { env } from "@/lib/env";
import { parseAllowList, refusalFor } from "@/lib/net/address";
import { hookUrl, webhookInputs } from "@/lib/schemas/webhooks";

// The webhook bodies as the server accepts them: the shared shapes (lib/schemas/webhooks.ts)
// with the URL also refused when it names an internal address (in any spelling: the URL
// parser has already turned 0x7f000001 into 127.0.0.1) unless the operator allowed it. Names
// are resolved and checked again at each delivery. Kept out of lib/schemas because it needs
// node:net and the environment, which the browser bundle of the endpoint specs must not carry.

const serverHookUrl = hookUrl.superRefine((u, ctx) => {
  if (!URL.canParse(u)) return;
  const host = new URL(u).hostname.replace(/^\[|\]$/g, "");
  const why = refusalFor(parseAllowList(env().WEBHOOK_ALLOWED_HOSTS), host, host);
  if (why) ctx.addIssue({ code: "custom", message: why });
});

export const { create: webhookCreateChecked, update: webhookUpdateChecked } =
  webhookInputs(serverHookUrl);
