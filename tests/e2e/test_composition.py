"""The supergraph: committed SDL matches the code, and composition really is checked."""

import pytest

from deploy.local.stack import GATEWAY_DIR, StackError, compose_supergraph, export_sdl

pytestmark = pytest.mark.e2e


def test_committed_subgraph_sdl_matches_the_code(tmp_path):
    exported = export_sdl(tmp_path)
    for name, sdl in exported.items():
        committed = (GATEWAY_DIR / "subgraphs" / f"{name}.graphql").read_text()
        assert committed == sdl, (
            f"gateway/subgraphs/{name}.graphql is stale: run `deploy/local/onewindow sdl`"
        )


def test_the_subgraphs_compose(tmp_path):
    export_sdl(tmp_path)
    supergraph = compose_supergraph(tmp_path / "supergraph.graphql", subgraphs_dir=tmp_path)
    assert "type Case" in supergraph and "clock: Clock" in supergraph
    assert "openCasesByDepartment" in supergraph


def test_a_breaking_subgraph_change_fails_composition(tmp_path):
    export_sdl(tmp_path)
    intake = tmp_path / "intake.graphql"
    # intake claiming Case.clock with another type conflicts with deadlines' Case.clock.
    intake.write_text(intake.read_text().replace("  caseNumber: String!",
                                                 "  caseNumber: String!\n  clock: Int!", 1))
    with pytest.raises(StackError, match="Case.clock"):
        compose_supergraph(tmp_path / "supergraph.graphql", subgraphs_dir=tmp_path)
