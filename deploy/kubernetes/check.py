"""Validate the Kubernetes manifests: `python -m deploy.kubernetes.check [overlay ...]`.

Each overlay is built with kustomize and every resource validated by kubeconform, strictly (an
unknown field is an error), against
- the Kubernetes API's JSON schemas of the oldest and newest versions onewindow supports
  (`kubernetes-validate`, a dev dependency, carries them; its references are rewritten to
  files kubeconform can open), and
- the operators' own CustomResourceDefinitions (MongoDB Community Operator, RabbitMQ Cluster
  Operator), taken from their Go modules at pinned versions and turned into JSON schemas.
kustomize and kubeconform are built by the install script (deploy/tools/go.mod).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".data" / "bin"
CACHE = ROOT / ".data" / "schemas"
OVERLAYS = ROOT / "deploy" / "kubernetes" / "overlays"
KUBERNETES_VERSIONS = ("1.31.0", "1.37.0")
# (Go module, version, the CRD's path in it): the operators whose resources the base declares
OPERATOR_CRDS = (
    ("github.com/mongodb/mongodb-kubernetes-operator", "v0.13.0",
     "config/crd/bases/mongodbcommunity.mongodb.com_mongodbcommunity.yaml"),
    ("github.com/rabbitmq/cluster-operator/v2", "v2.16.0",
     "config/crd/bases/rabbitmq.com_rabbitmqclusters.yaml"),
)


class ManifestsInvalid(Exception):
    pass


def kubernetes_schemas(version: str) -> Path:
    """The API's schemas of `version`, strict, with references kubeconform resolves (file URLs
    to the sibling definitions file), written once under .data/schemas."""
    target = CACHE / f"kubernetes-v{version}"
    if (target / ".complete").exists():
        return target
    source = resources.files("kubernetes_validate") / "kubernetes-json-schema" / \
        f"v{version}-local-strict"
    target.mkdir(parents=True, exist_ok=True)
    definitions = f'"{target.as_uri()}/_definitions.json#'
    for entry in source.iterdir():
        text = entry.read_text().replace('"/api/_definitions.json#', definitions)
        (target / entry.name).write_text(text)
    (target / ".complete").write_text("")
    return target


def module_dir(module: str, version: str) -> Path:
    """A Go module's source at a version, from the module proxy (checked against the checksum
    database), in Go's module cache."""
    with tempfile.TemporaryDirectory() as scratch:  # outside any module: go.mod untouched
        out = subprocess.run(["go", "mod", "download", "-json", f"{module}@{version}"],
                             cwd=scratch, capture_output=True, text=True, timeout=300,
                             env={**os.environ, "GOFLAGS": "-mod=mod"})
    if out.returncode != 0:
        raise ManifestsInvalid(f"could not download {module}@{version}: {out.stderr or out.stdout}")
    return Path(json.loads(out.stdout)["Dir"])


def _strict(schema: object) -> object:
    """An OpenAPI v3 schema of a CRD as a strict JSON schema: objects that list their
    properties refuse others (unless they keep unknown fields), `nullable` admits null."""
    if isinstance(schema, list):
        return [_strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _strict(v) for k, v in schema.items()}
    if out.get("nullable") and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    if out.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if "properties" in out and "additionalProperties" not in out and \
            not out.get("x-kubernetes-preserve-unknown-fields"):
        out["additionalProperties"] = False
    return out


def operator_schemas() -> Path:
    """`<group>/<kind>_<version>.json` for every version of every operator's CRD."""
    target = CACHE / "operators"
    stamp = json.dumps(OPERATOR_CRDS)
    if (target / ".complete").exists() and (target / ".complete").read_text() == stamp:
        return target
    for module, version, path in OPERATOR_CRDS:
        crd = yaml.safe_load((module_dir(module, version) / path).read_text())
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"].lower()
        (target / group).mkdir(parents=True, exist_ok=True)
        for served in crd["spec"]["versions"]:
            schema = _strict(served["schema"]["openAPIV3Schema"])
            (target / group / f"{kind}_{served['name']}.json").write_text(json.dumps(schema))
    (target / ".complete").write_text(stamp)
    return target


def build(overlay: Path) -> str:
    out = subprocess.run([str(BIN / "kustomize"), "build", str(overlay)], capture_output=True,
                         text=True, timeout=120)
    if out.returncode != 0:
        raise ManifestsInvalid(f"kustomize build {overlay.name}: {out.stderr}")
    return out.stdout


def validate(manifests: str, name: str = "manifests",
             versions: tuple[str, ...] = KUBERNETES_VERSIONS) -> list[str]:
    """kubeconform's findings for a multi-document YAML, per supported Kubernetes version;
    [] when every resource is valid. A resource without a schema is a finding too."""
    operators = operator_schemas()
    findings = []
    for version in versions:
        api = kubernetes_schemas(version)
        out = subprocess.run([
            str(BIN / "kubeconform"), "-strict", "-summary", "-output", "json",
            "-schema-location", f"{api}/{{{{ .ResourceKind }}}}{{{{ .KindSuffix }}}}.json",
            "-schema-location",
            f"{operators}/{{{{ .Group }}}}/{{{{ .ResourceKind }}}}_{{{{ .ResourceAPIVersion }}}}.json",
            "-"], input=manifests, capture_output=True, text=True, timeout=120)
        report = json.loads(out.stdout or "{}")
        for resource in report.get("resources", []):
            if resource.get("status") != "statusValid":
                findings.append(f"{name} (Kubernetes {version}): {resource.get('kind')} "
                                f"{resource.get('name')}: {resource.get('msg')}")
        if out.returncode != 0 and not findings:
            findings.append(f"{name} (Kubernetes {version}): kubeconform: {out.stderr}")
    return findings


def main(argv: list[str]) -> int:
    overlays = [OVERLAYS / n for n in argv] or sorted(p for p in OVERLAYS.iterdir() if p.is_dir())
    findings = []
    for overlay in overlays:
        manifests = build(overlay)
        found = validate(manifests, overlay.name)
        count = sum(1 for d in yaml.safe_load_all(manifests) if d)
        print(f"{overlay.name}: {count} resources, "
              f"{'valid' if not found else f'{len(found)} invalid'} against Kubernetes "
              f"{' and '.join(KUBERNETES_VERSIONS)} and the operators' CRDs")
        findings += found
    for finding in findings:
        print(finding, file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
