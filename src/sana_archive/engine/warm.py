"""What a long-running ``serve`` keeps between builds, so an edit costs what it touches.

Every memo here is trusted only under the inputs it was made from (a source's size and
change time under the source context; templates' bytes; the plan key of code, config,
registries and templates), so a warm build writes the same bytes as a cold one: the
serve invariant test and the plan tests hold it to that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sana_archive.config import SiteConfig
from sana_archive.content.discover import DiscoveryMemo
from sana_archive.content.load import RegistryMemo
from sana_archive.content.reader import ReadResult
from sana_archive.engine.cache import BuildCache
from sana_archive.engine.outputs import SitemapMemo
from sana_archive.engine.plan import LastPlan
from sana_archive.engine.spill import BodyStore
from sana_archive.model import Diagnostic
from sana_archive.outputs.data import RowMemo
from sana_archive.render.env import make_environment
from sana_archive.site.dating import DatingMemo
from sana_archive.site.derived import Derived


@dataclass
class WarmState:
    """Parsed sources, compiled templates, the last site model and plan, and the memos an
    edit reads (view keys, data rows, the sitemap, the discovery walk, the registries).

    ``suspect`` holds files a watcher saw change: they are parsed again even when size and
    change time look unchanged (two saves within one timestamp tick).
    """

    context: str = ""
    sources: dict[str, tuple[int, int, ReadResult]] = field(default_factory=dict)
    suspect: set[str] = field(default_factory=set)
    env_key: tuple[tuple[str, str], ...] | None = None
    env: jinja2.Environment | None = None
    plan: LastPlan | None = None
    rows: RowMemo = field(default_factory=RowMemo)
    registries: RegistryMemo = field(default_factory=RegistryMemo)
    discovery: DiscoveryMemo = field(default_factory=DiscoveryMemo)
    cache_verified: bool = False
    view_keys: dict[tuple[str, str], str] = field(default_factory=dict)
    memos_key: str = ""
    model: tuple[Derived, list[Diagnostic]] | None = None
    sitemap: SitemapMemo = field(default_factory=SitemapMemo)
    config: SiteConfig | None = None
    bodies: BodyStore = field(default_factory=BodyStore)  # one spill file for the session
    datings: DatingMemo = field(default_factory=dict)  # each article read -> as dated

    def memos_for(self, plan_key: str) -> tuple[dict[tuple[str, str], str], RowMemo]:
        """The view-key and data-row memos, emptied when what views are made under changed:
        registries reshape parsed articles whose bytes, hence digests, did not change."""
        if plan_key != self.memos_key:
            self.view_keys, self.rows, self.memos_key = {}, RowMemo(), plan_key
        return self.view_keys, self.rows

    def prime(self) -> None:
        """Fill the memos an edit reads (every item's key, every data row) while ``serve``
        is idle after its first build, so the first save is as quick as the later ones."""
        if self.model is None or self.config is None:
            return
        derived = self.model[0]
        for index in range(len(derived.site.articles)):
            derived.views.item_key(index)
            derived.views.facts_key(index)
        self.rows.rows(derived.site, self.config)

    def last_plan(self, key: str, cache: BuildCache | None, output: Path) -> LastPlan | None:
        """The last plan, if the next build may start from it: same global inputs, and the
        output and cache still as that build left them (no other build, no killed one)."""
        plan = self.plan
        if (
            plan is None
            or plan.key != key
            or cache is None
            or cache.get("generation") != plan.generation
            or cache.get("dirty") is not None
            or not output.is_dir()
        ):
            return None
        return plan

    def environment(self, template_dir: Path, templates: dict[str, str]) -> jinja2.Environment:
        key = tuple(sorted(templates.items()))
        if self.env is None or key != self.env_key:
            self.env, self.env_key = make_environment([template_dir]), key
        return self.env
