"""The service catalog page: by department, by tier, by words; bad filters say so."""

from plone import api


def catalog_view(portal, **form):
    request = portal.REQUEST
    request.form.update(form)
    return api.content.get_view("service-catalog", portal.services, request)


def test_lists_every_item_grouped_by_department(portal):
    view = catalog_view(portal)
    groups = view.groups()
    assert len(groups) == 12
    assert sum(len(group["entries"]) for group in groups) == 59


def test_filter_by_department(portal):
    code = portal.departments.minzheng.code
    view = catalog_view(portal, department=code)
    assert {brain.department for brain in view.items} == {code}
    assert [group["code"] for group in view.groups()] == [code]


def test_filter_by_tier_and_counts(portal):
    view = catalog_view(portal, tier="village")
    assert view.items
    assert {brain.approve_tier for brain in view.items} == {"village"}
    tabs = {tab["tier"]: tab["count"] for tab in view.tier_tabs()}
    assert tabs[None] == 59
    assert tabs["village"] + tabs["township"] + tabs["county"] == 59


def test_chinese_full_text_search(portal):
    view = catalog_view(portal, q="高龄")
    assert "gaoling-jintie" in [brain.getId for brain in view.items]
    assert len(view.items) < 59


def test_unknown_filters_are_reported_not_fatal(portal):
    view = catalog_view(portal, department="NOPE", tier="moon")
    assert len(view.items) == 59
    assert len(view.warnings) == 2
    html = view()
    assert "NOPE" not in html.split("sanji-catalog", 1)[1]


def test_search_text_is_escaped(portal):
    html = catalog_view(portal, q='<script>alert("x")</script>')()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_item_page_shows_guide_and_download(portal):
    item = portal.services["gaoling-jintie"]
    html = api.content.get_view("view", item, portal.REQUEST)()
    assert item.item_code in html
    assert "blank-form/@@download/file" in html
    assert item.materials[0]["name"] in html
    assert item.procedure[0] in html
