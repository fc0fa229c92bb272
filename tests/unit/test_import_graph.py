"""The services' import graph (tests/imports.py): no circle, nothing imported inside a
function or behind TYPE_CHECKING to dodge one, the case's parts independent of cases/, and
intake's imports pointing back up its layers kept to the few named here."""

from tests.imports import build, figures

PARTS = ("review", "procedures", "delivery", "joint", "ratings")
# directory's change check asks the review chain's staffing rule whether an item would be
# left without anyone able to take a step (review/staffing.py): a rule over both
ALLOWED_BACK = {("services.intake.directory.handlers", "services.intake.review.staffing")}

GRAPH = build()
FIGURES = figures(GRAPH)


def test_no_import_circle():
    assert GRAPH.circles() == []


def test_no_import_hidden_in_a_function_or_type_checking():
    assert GRAPH.hidden == []


def test_the_case_parts_import_nothing_from_cases():
    reaching = [(a, b) for a, targets in GRAPH.edges.items() for b in targets
                if a.split(".")[2:3] and a.split(".")[2] in PARTS
                and a.startswith("services.intake.") and b.startswith("services.intake.cases")]
    assert reaching == []


def test_back_pointing_imports_are_the_named_few():
    back = set(FIGURES["intake"]["back_pointing"])
    assert back <= ALLOWED_BACK and len(back) <= 3, sorted(back - ALLOWED_BACK)
    for service in ("deadlines", "oversight", "kit"):
        assert FIGURES[service]["back_pointing"] == [], service


def test_the_graph_sees_imports():
    """The checks above would pass on an empty graph: it must see what is there."""
    assert "services.intake.cases.domain" in GRAPH.edges["services.intake.cases.record"] or \
        "services.intake.cases.record" in GRAPH.edges["services.intake.cases.domain"]
    assert FIGURES["intake"]["imports"] > 300
    # and a circle is found when there is one (a made-up one, taken out again)
    GRAPH.edges["services.kit.clock"].add("services.kit.domain")
    GRAPH.edges["services.kit.domain"].add("services.kit.clock")
    try:
        assert ["services.kit.clock", "services.kit.domain"] in GRAPH.circles()
    finally:
        GRAPH.edges["services.kit.clock"].discard("services.kit.domain")
        GRAPH.edges["services.kit.domain"].discard("services.kit.clock")


def test_every_aggregate_is_stored_one_way():
    """kit.records.AggregateStore over kit.codec: no service writes versioned state images by
    hand (VersionedStore is the kit's, under AggregateStore)."""
    raw = [name for name, path in GRAPH.modules.items()
           if not name.startswith("services.kit.") and "VersionedStore(" in path.read_text()]
    assert raw == []
