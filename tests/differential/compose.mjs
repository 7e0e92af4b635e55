// Compose subgraph SDL files into a supergraph with The Guild's composer (the reference one).
// usage: node compose.mjs OUT name=URL=SDL_FILE ...
import { readFileSync, writeFileSync } from "node:fs";
import { composeServices } from "@theguild/federation-composition";
import { parse } from "graphql";

const [out, ...specs] = process.argv.slice(2);
const services = specs.map((spec) => {
  const [name, url, file] = spec.split("=");
  return { name, url, typeDefs: parse(readFileSync(file, "utf8")) };
});
const result = composeServices(services);
if (result.errors && result.errors.length) {
  for (const e of result.errors) console.error(e.message);
  process.exit(1);
}
writeFileSync(out, result.supergraphSdl);
