"""GraphQL pieces every subgraph shares: request context, error codes, typed user errors,
Relay-style connections.

Errors come in two kinds. Business outcomes a client must handle (bad input, unknown ids) are
typed members of a mutation's result union, each with a stable `code`. Access failures are
GraphQL errors with `extensions.code` (UNAUTHENTICATED, TOKEN_EXPIRED, TOKEN_INVALID,
FORBIDDEN). Anything unexpected is masked as INTERNAL_SERVER_ERROR and logged in full.
"""

import asyncio
import base64
import enum
import logging
from typing import Generic, TypeVar

import strawberry
from graphql import ExecutionResult, GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.dataloader import DataLoader
from strawberry.extensions import MaskErrors, MaxTokensLimiter, SchemaExtension
from strawberry.fastapi import BaseContext

from .aggregates import ConcurrentChange
from .auth import AuthError, Principal, Role
from .document_cache import DocumentCache, ValidDocuments
from .domain import InputError, NotFoundError, RuleBroken
from .limits import CLIENT_RULES, LIMIT_MESSAGES, LIMITS

log = logging.getLogger(__name__)
T = TypeVar("T")


class RequestContext(BaseContext):
    """Per request: who is calling, and the request's own DataLoaders (set by each service)."""

    def __init__(self, principal: Principal | None, auth_error: AuthError | None,
                 client: str = "", from_gateway: bool = False) -> None:
        super().__init__()
        self._principal = principal
        self._auth_error = auth_error
        self.client = client  # the caller's address (as the gateway saw it, when through it)
        self.from_gateway = from_gateway  # proven by the shared gateway secret
        self.public_lookups = 0  # look-ups by number and code in this request
        self.introspection = True  # off in production (ONEWINDOW_PRODUCTION)

    def viewer(self) -> Principal:
        """The caller, anonymous allowed; a token that was sent but does not verify is an error."""
        if self._auth_error is not None:
            raise self._auth_error
        return self._principal or Principal.anonymous()

    def require(self, *roles: Role) -> Principal:
        return self.viewer().require(*roles)


class CodedErrors(MaskErrors):
    """Adds `extensions.code` to every error and masks the unexpected ones."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=self._is_unexpected, error_message="Internal server error")

    @staticmethod
    def _is_unexpected(error: GraphQLError) -> bool:
        original = error.original_error
        return original is not None and not isinstance(
            original, AuthError | InputError | GraphQLError | RuleBroken | NotFoundError
        )

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = []
        for error in errors:
            original = error.original_error
            if isinstance(original, AuthError):
                error.extensions = {**(error.extensions or {}), "code": original.code}
            elif isinstance(original, InputError):
                error.extensions = {"code": original.code, "field": original.field,
                                    "fields": original.fields}
            elif isinstance(original, RuleBroken):
                error.extensions = {"code": original.code}
            elif isinstance(original, NotFoundError):
                error.extensions = {"code": "NOT_FOUND"}
            elif self._is_unexpected(error):
                log.error("unexpected error in resolver", exc_info=original)
                error = self.anonymise_error(error)
                error.extensions = {"code": "INTERNAL_SERVER_ERROR"}
            elif any(p in error.message for p in LIMIT_MESSAGES):
                error.extensions = {"code": "OPERATION_TOO_COMPLEX"}
            elif not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": "GRAPHQL_VALIDATION_FAILED"}
            processed.append(error)
        return processed


class RefuseBadTokens(SchemaExtension):
    """A token that was sent but does not verify (expired, forged) is refused on every field,
    public ones too, in every service alike: it is never taken for anonymous."""

    def on_execute(self):
        error = getattr(self.execution_context.context, "_auth_error", None)
        if error is not None and not self.execution_context.result:
            self.execution_context.result = ExecutionResult(data=None, errors=[
                GraphQLError(str(error), original_error=error)])
        yield


FEDERATION_FIELDS = {"__typename", "_entities", "_service"}


def root_fields(document, operation_name: str | None) -> set[str]:
    """The fields an operation selects at its root (through fragments)."""
    from graphql import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, \
        InlineFragmentNode, OperationDefinitionNode

    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    chosen = [o for o in operations if operation_name is None
              or (o.name and o.name.value == operation_name)]
    names: set[str] = set()

    def walk(selections, seen: frozenset) -> None:
        for selection in selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set.selections, seen)
            elif isinstance(selection, FragmentSpreadNode) and \
                    selection.name.value in fragments and selection.name.value not in seen:
                walk(fragments[selection.name.value].selection_set.selections,
                     seen | {selection.name.value})

    for operation in chosen[:1]:
        walk(operation.selection_set.selections, frozenset())
    return names


class OperationScope(SchemaExtension):
    """A department system calls only the operations its registration granted (the token's
    `operations`): any other root field refuses the whole request, before anything runs."""

    def on_execute(self):
        context = self.execution_context.context
        principal = getattr(context, "_principal", None)
        document = self.execution_context.graphql_document
        if principal is not None and principal.operations is not None and document is not None \
                and not self.execution_context.result:
            asked = root_fields(document, self.execution_context.operation_name) \
                - FEDERATION_FIELDS
            refused = sorted(asked - principal.operations)
            if refused:
                error = AuthError("OPERATION_NOT_GRANTED",
                                  f"此部门业务系统未获准调用：{', '.join(refused)[:200]}")
                self.execution_context.result = ExecutionResult(data=None, errors=[
                    GraphQLError(str(error), original_error=error)])
        yield


class ClientLimits(SchemaExtension):
    """The client limits (kit.limits) on an operation sent straight to the service; one the
    gateway forwards met them at the gateway."""

    def on_operation(self):
        context = self.execution_context.context
        rules = () if getattr(context, "from_gateway", False) else CLIENT_RULES
        if not getattr(context, "introspection", True):  # production: the schema is not shown
            rules = (*rules, NoSchemaIntrospectionCustomRule)
        if rules:
            self.execution_context.validation_rules = (
                self.execution_context.validation_rules + tuple(rules))
        yield


class Schema(strawberry.federation.Schema):
    """Federation v2.7 subgraph schema with coded errors and operation limits.

    Expected errors (access, input) are logged as one line, not as stack traces; unexpected
    ones are logged in full by `CodedErrors` before they are masked.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("federation_version", "2.7")
        documents = ValidDocuments()
        kwargs["extensions"] = [
            lambda: DocumentCache(documents),
            lambda: MaxTokensLimiter(max_token_count=LIMITS["tokens"]),
            ClientLimits, RefuseBadTokens, OperationScope,
            *kwargs.get("extensions", ()), CodedErrors]
        super().__init__(**kwargs)
        self.valid_documents = documents

    def process_errors(self, errors, execution_context=None) -> None:
        for error in errors:
            code = (error.extensions or {}).get("code")
            if code != "INTERNAL_SERVER_ERROR":
                log.info("request refused", extra={"fields": {"code": code, "error": error.message}})


@strawberry.enum(description="How a time limit is counted.")
class TimeUnit(enum.Enum):
    WORKING_DAYS = "working_days"
    NATURAL_DAYS = "natural_days"


# -- typed user errors (members of result unions) -------------------------------------------
@strawberry.federation.type(shareable=True, description="Input that breaks a rule; names the field.")
class InvalidInput:
    code: str
    message: str
    field: str
    fields: list[str] = strawberry.field(
        description="Every field the refusal names (one-time notification applies to our own "
                    "refusals too); `field` is the first of them.")


@strawberry.federation.type(shareable=True, description="A referenced record does not exist.")
class NotFound:
    code: str
    message: str
    id: strawberry.ID


def invalid_input(exc: InputError) -> InvalidInput:
    """The `InvalidInput` member of a result union for a domain's `InputError`."""
    return InvalidInput(code=exc.code, message=exc.message, field=exc.field, fields=exc.fields)


CONCURRENT = "CONCURRENT_CHANGE"
CONCURRENT_MESSAGE = "记录已被他人修改，请刷新后重试"


async def outcome(call, wrap, refused: type, concurrent: type):
    """A mutation's result-union member: `wrap(result)` on success; `InvalidInput`,
    `NotFound`, `refused(code, message)` for a broken rule, `concurrent(code, message)` when
    someone changed the record meanwhile."""
    try:
        value = await call
    except InputError as exc:
        return invalid_input(exc)
    except NotFoundError as exc:
        return NotFound(code="NOT_FOUND", message=str(exc), id=strawberry.ID(exc.id))
    except RuleBroken as exc:
        return refused(code=exc.code, message=exc.message)
    except ConcurrentChange:
        return concurrent(code=CONCURRENT, message=CONCURRENT_MESSAGE)
    return wrap(value)


# -- Relay-style connections ----------------------------------------------------------------
@strawberry.federation.type(shareable=True)
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


# Shareable: two subgraphs may both list the same entity (e.g. cases) in pages.
@strawberry.federation.type(shareable=True)
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.federation.type(shareable=True)
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo


CURSOR_PREFIX = "ow:"


def encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode((CURSOR_PREFIX + value).encode()).decode()


def decode_cursor(cursor: str | None) -> str | None:
    if not cursor:
        return None
    if len(cursor) > CURSOR_MAX:
        raise InputError("after", "INVALID_CURSOR", "游标无效（not a cursor this API issued）")
    try:
        raw = base64.b64decode(cursor.encode(), altchars=b"-_", validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        raw = ""
    if not raw.startswith(CURSOR_PREFIX):
        raise InputError("after", "INVALID_CURSOR", "游标无效（not a cursor this API issued）")
    return raw[len(CURSOR_PREFIX):]


MAX_PAGE = 100
CURSOR_MAX = 512


def page_size(first: int) -> int:
    if not 1 <= first <= MAX_PAGE:
        raise InputError("first", "OUT_OF_RANGE", f"first 须在 1 至 {MAX_PAGE} 之间")
    return first


def connection(nodes: list[T], keys: list[str], first: int) -> Connection[T]:
    """Build a page from up to first+1 fetched nodes (the extra one tells hasNextPage)."""
    has_next = len(nodes) > first
    nodes, keys = nodes[:first], keys[:first]
    edges = [Edge(cursor=encode_cursor(k), node=n) for n, k in zip(nodes, keys, strict=True)]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=has_next, end_cursor=edges[-1].cursor if edges else None),
    )


def loader_by_id(fetch_one):
    """A per-request DataLoader over single-id lookups.

    Keys of one tick are fetched concurrently as `_id` equality lookups rather than one `$in`
    query: FerretDB pushes only equality filters down, so this stays an index hit per key.
    """
    async def load(keys: list[str]):
        return await asyncio.gather(*(fetch_one(k) for k in keys))

    return DataLoader(load_fn=load)
