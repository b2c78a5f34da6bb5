import { main } from "./main";

// The packaged `modelgate` command (@modelgate/cli): scripts/build-cli.ts bundles this file
// with the CLI's sources into cli/dist/modelgate.mjs. A checkout runs bin/modelgate.mjs instead.

process.exitCode = await main(process.argv);
