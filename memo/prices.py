"""The price catalogue: model prices per million tokens, read offline, behind memo's own API.

The rest of memo never imports the catalogue library: it calls `catalogue_info`, `search` and
`lookup` here. The library is genai-prices (MIT, by the pydantic team), which ships its price
data inside the package and only goes to the network when its `UpdatePrices` is started, which
memo never does. It is imported inside the functions that need it, so `memo --help` and
`memo check` on a memo without a `model` never load it.

Which price a figure is, where the catalogue holds several:
- the standard rate: no batch, priority, flex or other request variant;
- the base tier: a model whose long prompts pay more (``tiered``) is shown at the rate below
  the first threshold, which is what ordinary prompts pay;
- the rate in force on a given day (default today, UTC): the catalogue dates its price changes,
  announced future ones included; where a rate also depends on the time of day (peak or
  off-peak hours), the one in force for most of the day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from memo.errors import UserError
from memo.price_cache import PriceCache, fingerprint

if TYPE_CHECKING:  # the library is imported lazily, inside the functions that read it
    from genai_prices.data_snapshot import DataSnapshot
    from genai_prices.types import ModelInfo, Provider

CATALOGUE = "genai-prices"
CATALOGUE_PACKAGE = "genai_prices"  # the import name
# Sample times across one day, at minutes 15 and 45 so that no sample falls on the whole or
# half hours where peak and off-peak windows begin and end.
_DAY_SAMPLES = tuple(dt.time(hour, minute, tzinfo=dt.UTC) for hour in range(24)
                     for minute in (15, 45))
_NOON = dt.time(12, tzinfo=dt.UTC)


@dataclass(frozen=True)
class ModelPrice:
    """One model as one provider sells it, in USD per million text tokens.

    ``model`` is the catalogue's id, ``provider`` the provider's id, ``name`` the display name
    (the id where the catalogue has none). A price is None where the catalogue has none.
    ``tiered`` says long prompts pay a higher rate than the base one shown. ``ref`` is what to
    write in an option's `model:` so that `lookup` finds this very entry: the bare id where the
    catalogue resolves it to this provider, else ``provider:model``.
    """

    model: str
    provider: str
    name: str
    input_per_mtok: float | None
    cached_input_per_mtok: float | None
    output_per_mtok: float | None
    context_window: int | None
    tiered: bool = False
    ref: str = field(default="")

    def __post_init__(self) -> None:
        if not self.ref:
            object.__setattr__(self, "ref", self.model)

    @property
    def has_token_prices(self) -> bool:
        return self.input_per_mtok is not None or self.output_per_mtok is not None


_PRICE_FIELDS = {f.name for f in dataclasses.fields(ModelPrice)}


@dataclass(frozen=True)
class CatalogueInfo:
    """What the catalogue is: ``source`` is ready to use as an option's `price_source`.

    ``date`` is the data's date, None where the package publishes none (genai-prices does
    not): the version then identifies the data, and a memo dates its prices by the day they
    were read.
    """

    name: str
    version: str
    date: str | None
    source: str


class CatalogueUnavailable(UserError):
    """The price catalogue library is not installed."""


def catalogue_info() -> CatalogueInfo:
    found, version = _disk().get("version")
    if not found or not isinstance(version, str):
        version = _library().__version__
        _disk().put("version", version)
    return CatalogueInfo(name=CATALOGUE, version=version, date=None,
                         source=f"{CATALOGUE} {version}")


def lookup(model: str, *, on: dt.date | None = None) -> ModelPrice | None:
    """The catalogue entry for ``model``, or None where the catalogue has no such model.

    ``model`` is a model id or one of its aliases as the catalogue matches them (``gpt-4o-mini``,
    ``gpt-4o-mini-2024-07-18``), case-insensitive, or ``provider:model`` for one provider's
    offer (``groq:llama-3.3-70b-versatile``). Without a provider, the catalogue's own provider
    inference decides (``gpt-`` is OpenAI, ``claude`` Anthropic); where it infers none, the
    first provider in catalogue order that lists the id, then the first whose aliases match.
    """
    return _lookup(model, _day(on))


@cache
def _lookup(model: str, day: dt.date) -> ModelPrice | None:
    # A folder of memos names the same few models again and again: resolve each once per
    # process, and once per catalogue on this machine (memo/price_cache.py).
    name = f"lookup {day.isoformat()} {model}"
    found, kept = _disk().get(name)
    if found and (kept is None or (price := _kept_price(kept)) is not None):
        return None if kept is None else price
    resolved = _resolve(model)
    price = _price(*resolved, day) if resolved else None
    _disk().put(name, None if price is None else dataclasses.asdict(price))
    return price


def _kept_price(kept: Any) -> ModelPrice | None:
    """A cached answer back as a ModelPrice; None for anything that is not one (a cache
    written by hand or damaged): the catalogue is asked again."""
    if not isinstance(kept, dict) or set(kept) != _PRICE_FIELDS:
        return None
    texts = all(isinstance(kept[k], str) for k in ("model", "provider", "name", "ref"))
    numbers = all(kept[k] is None or (isinstance(kept[k], int | float)
                                      and not isinstance(kept[k], bool))
                  for k in ("input_per_mtok", "cached_input_per_mtok", "output_per_mtok",
                            "context_window"))
    if not (texts and numbers and isinstance(kept["tiered"], bool)):
        return None
    return ModelPrice(**kept)


@cache
def _disk() -> PriceCache:
    return PriceCache(fingerprint(CATALOGUE_PACKAGE))


def search(query: str = "", limit: int | None = 50, *,
           on: dt.date | None = None) -> list[ModelPrice]:
    """Models priced per token whose id, name or provider contains every word of ``query``.

    Case-insensitive. The order is stable: the model `lookup(query)` finds first, then other
    exact id or alias matches, ids starting with the query, ids containing every word, and
    the rest, each group in catalogue order (providers, then their models). ``limit`` None
    means every match.
    """
    day = _day(on)
    needle = query.strip().lower()
    words = needle.split()
    best = _resolve(needle) if needle else None
    ranked: list[tuple[int, int, Provider, ModelInfo]] = []
    for order, (provider, info) in enumerate(_entries()):
        rank = _rank(needle, words, provider, info)
        if rank is None:
            continue
        if best is not None and best[0] is provider and best[1] is info:
            rank = -1
        ranked.append((rank, order, provider, info))
    ranked.sort(key=lambda item: (item[0], item[1]))
    results: list[ModelPrice] = []
    for _, _, provider, info in ranked:
        price = _price(provider, info, day)
        if price.has_token_prices:
            results.append(price)
            if limit is not None and len(results) >= limit:
                break
    return results


def format_per_mtok(value: float | None) -> str:
    """A price per million tokens as people write it: "$15", "$2.50", "$0.075"; "-" for none."""
    if value is None:
        return "-"
    text = f"{value:.6f}".rstrip("0")
    whole, _, decimals = text.partition(".")
    return f"${whole}.{decimals:0<2}" if decimals else f"${whole}"


# --- the library ------------------------------------------------------------------------


def _library() -> Any:
    try:
        import genai_prices
    except ImportError as exc:
        raise CatalogueUnavailable(
            f"the price catalogue ({CATALOGUE}) is not installed: {exc}",
            hint="run `make setup`, or `pip install -e .` in memo's folder") from None
    return genai_prices


def _snapshot() -> DataSnapshot:
    _library()
    from genai_prices.data_snapshot import get_snapshot

    # The bundled data: memo never starts UpdatePrices, so nothing replaces it.
    return get_snapshot()


@cache
def _entries() -> tuple[tuple[Provider, ModelInfo], ...]:
    return tuple((p, m) for p in _snapshot().providers for m in p.models)


@cache
def _providers_by_id() -> dict[str, Provider]:
    return {p.id.lower(): p for p in _snapshot().providers}


@cache
def _first_by_id() -> dict[str, tuple[Provider, ModelInfo]]:
    first: dict[str, tuple[Provider, ModelInfo]] = {}
    for provider, info in _entries():
        first.setdefault(info.id.lower(), (provider, info))
    return first


def _resolve(model: str) -> tuple[Provider, ModelInfo] | None:
    ref = model.strip()
    if not ref:
        return None
    snapshot = _snapshot()
    prefix, colon, rest = ref.partition(":")
    provider = _providers_by_id().get(prefix.lower()) if colon else None
    if provider is not None:  # provider:model (a model id may hold a colon itself)
        info = _in_provider(provider, rest, snapshot)
        return (provider, info) if info is not None else None
    try:
        provider = snapshot.find_provider(ref.lower(), None, None)
    except LookupError:
        provider = None
    if provider is not None and (info := _in_provider(provider, ref, snapshot)) is not None:
        return provider, info
    if (exact := _first_by_id().get(ref.lower())) is not None:
        return exact
    return next(((p, m) for p, m in _entries() if m.is_match(ref)), None)


def _in_provider(provider: Provider, ref: str, snapshot: DataSnapshot) -> ModelInfo | None:
    # The id itself first: a few entries' alias rules do not match their own id.
    key = ref.lower()
    exact = next((m for m in provider.models if m.id.lower() == key), None)
    return exact or provider.find_model(ref, all_providers=snapshot.providers)


def _rank(needle: str, words: list[str], provider: Provider, info: ModelInfo) -> int | None:
    if not needle:
        return 0
    model_id = info.id.lower()
    if model_id == needle or info.is_match(needle):
        return 0
    if model_id.startswith(needle):
        return 1
    if all(w in model_id for w in words):
        return 2
    haystack = " ".join((provider.id, provider.name, info.id, info.name or "",
                         f"{provider.id}:{info.id}")).lower()
    return 3 if all(w in haystack for w in words) else None


def _day(on: dt.date | None) -> dt.date:
    return on if on is not None else dt.datetime.now(dt.UTC).date()


def _prices_on(info: ModelInfo, day: dt.date) -> Any:
    """The standard prices in force on ``day``: for most of the day where they vary by hour."""
    from genai_prices.types import ConditionalPrice, TimeOfDateConstraint

    prices = info.prices
    hourly = isinstance(prices, list) and any(
        isinstance(c, ConditionalPrice) and isinstance(c.constraint, TimeOfDateConstraint)
        for c in prices)
    if not hourly:
        return info.get_prices(dt.datetime.combine(day, _NOON))
    seen = [info.get_prices(dt.datetime.combine(day, t)) for t in _DAY_SAMPLES]
    counts = Counter(id(p) for p in seen)
    # most_common keeps first-seen order among equal counts, so ties go to the earlier hour.
    winner = counts.most_common(1)[0][0]
    return next(p for p in seen if id(p) == winner)


def _per_mtok(prices: Any, key: str) -> tuple[float | None, bool]:
    from genai_prices.types import TieredPrices

    value = getattr(prices, key, None)
    if isinstance(value, TieredPrices):
        return float(value.base), True
    return (None if value is None else float(value)), False


def _price(provider: Provider, info: ModelInfo, day: dt.date) -> ModelPrice:
    prices = _prices_on(info, day)
    input_price, input_tiered = _per_mtok(prices, "input_mtok")
    cached_price, cached_tiered = _per_mtok(prices, "cache_read_mtok")
    output_price, output_tiered = _per_mtok(prices, "output_mtok")
    found = _resolve(info.id)
    bare = found is not None and found[0] is provider and found[1] is info
    return ModelPrice(
        model=info.id, provider=provider.id, name=info.name or info.id,
        input_per_mtok=input_price, cached_input_per_mtok=cached_price,
        output_per_mtok=output_price, context_window=info.context_window,
        tiered=input_tiered or cached_tiered or output_tiered,
        ref=info.id if bare else f"{provider.id}:{info.id}",
    )
