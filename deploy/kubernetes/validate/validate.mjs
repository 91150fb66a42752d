// Validates Kubernetes manifests (multi-document YAML on stdin, e.g. `kubectl kustomize …`)
// against the JSON schemas of the Kubernetes API that the kubernetes-models package ships
// (generated from the API's OpenAPI document). Exits non-zero naming each invalid object.
import { parseAllDocuments } from "yaml";

const text = await new Promise((resolve) => {
  let data = "";
  process.stdin.on("data", (chunk) => (data += chunk));
  process.stdin.on("end", () => resolve(data));
});

let failures = 0;
let checked = 0;
const objects = parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
for (const object of objects) {
  const name = `${object.kind}/${object.metadata?.name}`;
  const [group, version] = object.apiVersion.includes("/")
    ? object.apiVersion.split("/")
    : [null, object.apiVersion];
  const module = `kubernetes-models/${group ? group + "/" : ""}${version}/${object.kind}`;
  try {
    const { [object.kind]: Model } = await import(module);
    new Model(object).validate();
    checked++;
  } catch (error) {
    failures++;
    console.error(`${name}: ${error.message}`);
  }
}
// What the schemas cannot see: each Service, PodDisruptionBudget and autoscaler reaches a Deployment.
const deployments = objects.filter((o) => o.kind === "Deployment");
const selects = (selector) =>
  deployments.some((d) =>
    Object.entries(selector ?? {}).every(([k, v]) => d.spec.template.metadata.labels?.[k] === v));
for (const o of objects) {
  const selector =
    o.kind === "Service" ? o.spec.selector
    : o.kind === "PodDisruptionBudget" ? o.spec.selector?.matchLabels
    : null;
  const target = o.kind === "HorizontalPodAutoscaler" ? o.spec.scaleTargetRef.name : null;
  if ((selector && !selects(selector)) ||
      (target && !deployments.some((d) => d.metadata.name === target))) {
    failures++;
    console.error(`${o.kind}/${o.metadata.name}: selects no Deployment`);
  }
}
if (checked === 0 && failures === 0) {
  console.error("no manifests on stdin");
  process.exit(1);
}
console.log(`${checked} manifests valid, ${failures} invalid`);
process.exit(failures === 0 ? 0 : 1);
