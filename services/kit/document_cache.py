"""Parse and validate a repeated operation once: clients send the same few documents again and
again (the gateway's query plans, the pages' queries), and a profile of intake under load spent
a quarter of its CPU parsing and validating them.

strawberry's ParserCache and ValidationCache do not fit here: the limits (kit.graphql) add
their validation rules per request as new classes, so a validation cache keyed by the rules
never hits, and a parse cache would keep documents that then fail validation. This cache keeps,
by the operation's text, only documents that parsed and validated without errors under the
same limits, a bounded number of them (least recently used out first): an invalid document is
never cached, and a client sending ever new texts only evicts entries.
"""

from collections import OrderedDict
from collections.abc import Iterator

from graphql import DocumentNode
from strawberry.extensions import SchemaExtension

CACHED_DOCUMENTS = 512
CACHED_TEXT_MAX = 20_000  # characters: larger operations are parsed each time


class ValidDocuments:
    """One schema's cache: operation text -> its parsed, validated document."""

    def __init__(self, size: int = CACHED_DOCUMENTS) -> None:
        self.size = size
        self._documents: OrderedDict[str, DocumentNode] = OrderedDict()

    def get(self, text: str) -> DocumentNode | None:
        document = self._documents.get(text)
        if document is not None:
            self._documents.move_to_end(text)
        return document

    def put(self, text: str, document: DocumentNode) -> None:
        if len(text) > CACHED_TEXT_MAX:
            return
        self._documents[text] = document
        self._documents.move_to_end(text)
        while len(self._documents) > self.size:
            self._documents.popitem(last=False)


class DocumentCache(SchemaExtension):
    """Per request (a factory over one schema's `ValidDocuments`)."""

    def __init__(self, documents: ValidDocuments) -> None:
        super().__init__()
        self.documents = documents
        self.hit = False

    def _key(self) -> str:
        """Validated under the client limits, or forwarded by the gateway (which checked
        them): a document valid for one is not thereby valid for the other."""
        trusted = getattr(self.execution_context.context, "from_gateway", False)
        return ("g:" if trusted else "c:") + (self.execution_context.query or "")

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is None and context.query:
            cached = self.documents.get(self._key())
            if cached is not None:
                context.graphql_document = cached
                self.hit = True
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if self.hit:
            context.pre_execution_errors = []  # validated when it was cached
        yield
        if not self.hit and context.pre_execution_errors == [] and context.query \
                and context.graphql_document is not None:
            self.documents.put(self._key(), context.graphql_document)
