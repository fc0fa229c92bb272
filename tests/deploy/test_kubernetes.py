"""The Kubernetes manifests (deploy/kubernetes): every overlay builds with kustomize and every
resource is valid, strictly, against the Kubernetes API's schemas and the operators' CRDs
(kubeconform); and what the issue asks of them is there."""

import yaml

from deploy.kubernetes.check import KUBERNETES_VERSIONS, OVERLAYS, build, validate

SERVICES = ("intake", "deadlines", "oversight")


def _resources(overlay: str) -> list[dict]:
    return [d for d in yaml.safe_load_all(build(OVERLAYS / overlay)) if d]


def _of(resources, kind, name=None):
    return [r for r in resources if r["kind"] == kind and name in (None, r["metadata"]["name"])]


def test_every_overlay_is_valid_against_the_api_and_the_operators_schemas():
    for overlay in ("staging", "production"):
        assert validate(build(OVERLAYS / overlay), overlay) == []


def test_the_validation_refuses_what_a_cluster_would():
    base = build(OVERLAYS / "production")
    broken = {
        "an unknown field in a Deployment": base.replace(
            "readinessProbe:", "readinessProbes:", 1),
        "a wrong type in the replica set": base.replace("members: 3", "members: three"),
        "an unknown field of the broker": base.replace("replicas: 3", "replicas: 3\n  mirrors: 2"),
        "a kind no schema knows": base + "\n---\napiVersion: example.com/v1\nkind: Widget\n"
                                         "metadata: {name: w}\n",
    }
    for what, manifests in broken.items():
        assert manifests != base, what
        assert validate(manifests, what, KUBERNETES_VERSIONS[-1:]), f"{what} passed validation"


def test_what_the_deployments_promise():
    resources = _resources("production")
    for name in (*SERVICES, "gateway"):
        deployment = _of(resources, "Deployment", name)[0]
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["resources"]["requests"]["cpu"] and container["resources"]["requests"]["memory"]
        assert _of(resources, "HorizontalPodAutoscaler", name)
        assert _of(resources, "PodDisruptionBudget", name)
        assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
        if name in SERVICES:
            assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
            assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        # secrets by reference: no secret's value in the manifests
        for env in container.get("env", []):
            assert "value" not in env or "SECRET" not in env["name"] and "PASSWORD" not in env["name"]
    assert not _of(resources, "Secret")
    mongo = _of(resources, "MongoDBCommunity")[0]["spec"]
    assert (mongo["members"], mongo["type"]) == (3, "ReplicaSet")
    assert mongo["additionalConnectionStringConfig"]["w"] == "majority"
    assert _of(resources, "RabbitmqCluster")[0]["spec"]["replicas"] == 3


def test_network_policies_keep_services_broker_and_database_inside():
    policies = {p["metadata"]["name"]: p["spec"] for p in _of(_resources("production"),
                                                             "NetworkPolicy")}
    assert policies["default-deny-ingress"] == {"podSelector": {}, "policyTypes": ["Ingress"]}

    def sources(name):
        return [peer.get("podSelector", {}).get("matchLabels") or peer.get("namespaceSelector")
                for rule in policies[name]["ingress"] for peer in rule.get("from", [{}])]

    assert sources("services-from-gateway-and-services") == [
        {"app.kubernetes.io/name": "gateway"}, {"app.kubernetes.io/component": "service"}]
    service = {"app.kubernetes.io/component": "service"}
    assert service in sources("mongodb-from-services")
    assert {"app.kubernetes.io/name": "gateway"} not in sources("mongodb-from-services")
    assert service in sources("rabbitmq-from-services")
    assert {"app.kubernetes.io/name": "gateway"} not in sources("rabbitmq-from-services")
