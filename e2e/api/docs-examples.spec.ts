import { expect, test } from "@playwright/test";
import { allEndpoints } from "@/lib/endpoints";
import { tokenEndpoints } from "@/lib/endpoints/tokens";
import { docExamplesOf, endpointOf, fill, toPresent } from "@/lib/testing/doc-examples";
import { parsed, present } from "../support/api";
import { bearer } from "../support/fixtures";
import { createTarget, promotable, ship } from "../support/promotions";

// Every JSON request of docs/monitoring.md, sent to the real server in document order on a
// deployment made for it: a doc whose example the API would refuse fails here. The token the
// doc's own token example creates (an ingest token narrowed to the model) sends the rest, as a
// model server following the doc would.

const examples = docExamplesOf("docs/monitoring.md");

test("docs/monitoring.md: the API accepts every request example", async ({ request }) => {
  test.setTimeout(90_000);
  expect(examples.length).toBeGreaterThanOrEqual(9);

  const slug = await promotable(request);
  const target = (await createTarget(request, "staging", 1)).slug;
  const id = await ship(request, slug, 1, target);
  // The examples' times are moved to a second ago: on an endpoint URL, after the activation.
  await new Promise((r) => setTimeout(r, 2_000));
  const values = { id, slug, target };

  let ingestToken: string | undefined;
  for (const example of examples) {
    const what = `${example.method} ${example.path} (docs/monitoring.md line ${example.line})`;
    const endpoint = present(endpointOf(example, allEndpoints), `a route for ${what}`);
    const isTokenExample = endpoint === tokenEndpoints.create;
    const token = isTokenExample
      ? bearer("editor")
      : { Authorization: `Bearer ${present(ingestToken, "the doc's token example first")}` };
    const res = await request.fetch(fill(example.path, values), {
      method: example.method,
      headers: { ...token, "Content-Type": "application/json" },
      data: toPresent(JSON.parse(fill(example.json, values))),
    });
    expect(res.status(), `${what}: ${await res.text()}`).toBe(endpoint.response.status);
    const body = await parsed(res, endpoint);
    if (isTokenExample) ingestToken = body.token;
    if ("accepted" in body) expect(body.accepted, what).toBeGreaterThan(0);
  }

  // What the examples sent is there: the label of the second logged prediction arrived.
  const labelled = await request.get(`/api/v1/deployments/${id}/predictions/req-5f1c2a7f`, {
    headers: bearer("viewer"),
  });
  expect(await labelled.json()).toMatchObject({ label: "fraud", correct: true });
});
