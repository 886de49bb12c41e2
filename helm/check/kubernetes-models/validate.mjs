// Validates Kubernetes objects against the Kubernetes OpenAPI schemas (npm kubernetes-models) and,
// for Gateway API and Prometheus Operator kinds, against those projects' CRD schemas
// (@kubernetes-models/gateway-api, @kubernetes-models/prometheus-operator). Reads a JSON array of
// objects on stdin, prints {"validated": n, "skipped": [...], "errors": [...]} on stdout.
// Run by helm/check (KubernetesModelsTest) from the packages installed by helm/check/run.
const packages = {
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "" || group.endsWith(".k8s.io") && !packages[group] || !group.includes(".")) {
    return `kubernetes-models/${group ? group + "/" : ""}${version}/${kind}`;
  }
  return packages[group] ? `${packages[group]}/${group}/${version}/${kind}` : null;
}

const input = JSON.parse(await new Promise((resolve) => {
  let data = "";
  process.stdin.on("data", (chunk) => (data += chunk));
  process.stdin.on("end", () => resolve(data));
}));
const result = { validated: 0, skipped: [], errors: [] };
for (const object of input) {
  const id = `${object.apiVersion}/${object.kind}/${object.metadata?.name}`;
  const path = modulePath(object.apiVersion, object.kind);
  if (!path) {
    result.skipped.push(id);
    continue;
  }
  let Model;
  try {
    Model = (await import(path))[object.kind];
  } catch (e) {
    result.errors.push(`${id}: no model ${path} (${e.message})`);
    continue;
  }
  try {
    new Model(object).validate();
    result.validated++;
  } catch (e) {
    result.errors.push(`${id}: ${e.message}`);
  }
}
process.stdout.write(JSON.stringify(result));
