"""The HTTP edge of printable notices: `GET /notices/<notice number>.pdf` (cases/notice_links.py
says what the URL means). Only turns the request into a look-up, the access rule's check and
the rendering; answers with codes as the GraphQL API does."""

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from services.kit.auth import AuthError, TokenVerifier

from ..deps import Deps
from .access import check_may_read
from .handlers import case_id_of
from .notice_links import case_number_of, link_valid
from .notices import NoticePrinter


def _refused(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]},
                        status_code=status)


def add_notice_route(app: FastAPI, deps: Deps, printer: NoticePrinter,
                     verifier: TokenVerifier, link_key: bytes) -> None:
    @app.get("/notices/{number}.pdf")
    async def notice_pdf(number: str, request: Request, e: int | None = None,
                         s: str | None = None) -> Response:
        case_number = case_number_of(number)
        case = await deps.store.cases.get(await case_id_of(deps, case_number)) \
            if case_number else None
        notice = case.notice(number) if case else None
        if notice is None:
            return _refused(404, "NOT_FOUND", f"没有文书 {number[:40]}")
        if not link_valid(link_key, number, e, s, deps.clock.now()):
            try:
                viewer = verifier.principal_from_header(request.headers.get("authorization"))
                check_may_read(viewer, case)
            except AuthError as refused:
                status = 401 if refused.code in ("UNAUTHENTICATED", "TOKEN_EXPIRED",
                                                  "TOKEN_INVALID") else 403
                return _refused(status, refused.code, str(refused))
        pdf = await printer.pdf(case, notice)
        return Response(pdf, media_type="application/pdf", headers={
            "content-disposition": f'inline; filename="{number}.pdf"',
            "cache-control": "private, no-store", "x-content-type-options": "nosniff"})
