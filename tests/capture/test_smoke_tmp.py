import json
from tests.cases import png_bytes
from tests.capture.conftest import file_upload


def test_smoke(case, post, web_request):
    out = post(case, "capture-upload", material="居民户口簿", file=file_upload(png_bytes(), "x.png"))
    print(out, web_request.response.getStatus())
    data = json.loads(out)
    assert data["number"] == 1
    from plone import api
    with api.env.adopt_user(username="agent-houfeng"):
        web_request.method = "GET"
        html = case.restrictedTraverse("@@capture")()
    print(html[html.find('id="sanji-capture"')-200:][:6000])
