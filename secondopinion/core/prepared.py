"""Hot queries compiled once per process, then run with new values: the ORM's answer without the ORM's
cost of building and compiling the same SQL on every request.

A request that reads one case spends more time in Django turning a large queryset (a dozen joins,
annotations, subqueries) into SQL than PostgreSQL spends running it. `Prepared` builds the queryset
once with sentinel values for its parameters, compiles it, remembers where each sentinel sits among
the SQL's parameters, and from then on only swaps in the request's values and executes. Rows become
model instances, with their select_related rows and annotations, as Django's ModelIterable makes them
(with what it works out from the query before the first row worked out once, `_Maker`, and each
instance made as `Model.from_db` makes it, core/instances.py), so what comes
back is exactly what the queryset would have returned (tests/performance/test_prepared.py compares
the two).

Only for querysets whose SQL does not depend on the values (an id, a user id): a value that changes
the shape of the query (a list of varying length, None that becomes IS NULL) must not be prepared.
The compiled form is kept per database alias and vendor; each call copies the compiler, so threads
never share one in flight.
"""

import copy
import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Expression, F, Model, QuerySet, Value
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.sql.constants import MULTI

from secondopinion.core.instances import row_maker

# Values no real parameter takes: one per parameter name, in order of declaration.
_SENTINEL_BASE = -7_318_046_221_957_000


class _Compiled:
    __slots__ = (
        "compiler",
        "composite",
        "converters",
        "fetch_mode",
        "maker",
        "model",
        "params",
        "positions",
        "sql",
    )

    def __init__(self, queryset: QuerySet[Any], using: str, sentinels: dict[str, int | str]) -> None:
        self.compiler = queryset.query.get_compiler(using=using)
        sql, params = self.compiler.as_sql()
        self.sql: str = sql
        self.params = tuple(params)
        self.positions = {
            name: [
                i
                for i, value in enumerate(self.params)
                if type(value) is type(sentinel) and value == sentinel
            ]
            for name, sentinel in sentinels.items()
        }
        missing = [name for name, found in self.positions.items() if not found]
        if missing:
            raise ValueError(f"The prepared query does not use {missing} as parameters.")
        self.model = queryset.model
        self.fetch_mode = getattr(queryset, "_fetch_mode")  # noqa: B009  (private, untyped)
        # Which columns need converting from what the database driver gives: the same every time.
        compiler = self.compiler
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        self.converters = compiler.get_converters(fields)
        self.composite = compiler.has_composite_fields(fields)
        self.maker = _Maker(compiler, using, self.fetch_mode)


class _Maker:
    """What ModelIterable works out from a compiled query before its first row (where the model's columns
    sit in a row, the select_related rows' populators, the annotations' columns), worked out once; then
    it makes each row's instances as ModelIterable does. Not where peers are tracked (a fetch mode that
    links the instances of one result: its populators keep them), which goes through ModelIterable."""

    __slots__ = ("annotations", "db", "end", "from_db", "init_list", "populators", "start")

    def __init__(self, compiler: Any, using: str, fetch_mode: Any) -> None:
        select, klass_info = compiler.select, compiler.klass_info
        select_fields = klass_info["select_fields"]
        self.start, self.end = select_fields[0], select_fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.from_db = row_maker(klass_info["model"], self.init_list, fetch_mode)
        self.populators = get_related_populators(klass_info, select, using, fetch_mode)
        _quicker(self.populators, fetch_mode)
        self.annotations = tuple(compiler.annotation_col_map.items())
        self.db = using

    def instances(self, compiler: Any) -> list[Model]:
        made = []
        db, init_list, start, end = self.db, self.init_list, self.start, self.end
        from_db, populators, annotations = self.from_db, self.populators, self.annotations
        for row in compiler.results_iter(compiler.execute_sql(MULTI)):
            instance = from_db(db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            made.append(instance)
        return made


def _quicker(populators: list[Any], fetch_mode: Any) -> None:
    """The select_related rows' instances made as the query's own are (core/instances.py), at every depth."""
    for populator in populators:
        populator.from_db = row_maker(populator.model_cls, populator.init_list, fetch_mode)
        _quicker(populator.related_populators, fetch_mode)


class _Query:
    """What ModelIterable asks of a queryset's query: a compiler."""

    __slots__ = ("_compiler",)

    def __init__(self, compiler: Any) -> None:
        self._compiler = compiler

    def get_compiler(self, using: str | None = None, connection: Any = None, elide_empty: bool = True) -> Any:
        return self._compiler


class _Rows:
    """What ModelIterable asks of a queryset: its database, query, model and fetch settings."""

    __slots__ = ("_fetch_mode", "_known_related_objects", "db", "model", "query")

    def __init__(self, db: str, model: Any, compiler: Any, fetch_mode: Any) -> None:
        self.db = db
        self.model = model
        self.query = _Query(compiler)
        self._fetch_mode = fetch_mode
        self._known_related_objects: dict[Any, Any] = {}


# psycopg's parse of each text run through `_ServerBound` cursors: its `%s` markers and where they sit (_FixedText).
_SPLITS: dict[tuple[str, str], Any] = {}
_SPLITS_KEPT = 256
_cursor_class: Any = None


def _server_binding_cursor_class() -> Any:
    """Django's server-binding cursor, keeping psycopg's parse of each text's `%s` markers (the class is
    made once, and exists only where psycopg 3 is installed)."""
    global _cursor_class
    if _cursor_class is None:
        from django.db.backends.postgresql.base import ServerBindingCursor
        from psycopg._queries import PostgresQuery, _query2pg_nocache

        class _FixedText(PostgresQuery):
            """psycopg turns each `%s` marker of a query into a numbered one (`$1`, `$2` and so on) by
            parsing its text, and keeps the result only for texts of at most 4 KB with at most 50
            parameters (so that bulk INSERTs of every size do not fill its cache). The texts run here
            are a fixed handful (the prepared queries and the access-log INSERT), but the case read's
            is 13 KB with over a hundred parameters: parsing it again on every request took a fifth of
            the read's CPU. Their parse is kept per text; psycopg's own cache shares its results the
            same way."""

            __slots__ = ()

            def convert(self, query: Any, vars: Any) -> None:
                if vars is None or type(query) is not str:
                    super().convert(query, vars)
                    return
                encoding = self._tx.encoding
                key = (query, encoding)
                split = _SPLITS.get(key)
                if split is None:
                    split = _query2pg_nocache(query.encode(encoding), encoding)
                    if len(_SPLITS) < _SPLITS_KEPT:
                        _SPLITS[key] = split
                self.query, self._want_formats, self._order, self._parts = split
                self.dump(vars)

        class _Cursor(ServerBindingCursor):
            _query_cls = _FixedText

        _cursor_class = _Cursor
    return _cursor_class


class _ServerBound:
    """The database connection as a prepared query's compiler sees it, except that its cursors bind the
    parameters on the server (PostgreSQL, psycopg 3). psycopg prepares a statement once it has run
    `prepare_threshold` times on the connection (the setting TM_PG_PREPARE_THRESHOLD), and from then on
    PostgreSQL neither parses nor plans it again: for the case read's query of a dozen joins, 11 ms
    became 3 ms under load (bench/README). Everything else is the connection's own; the rest of the
    ORM keeps binding on the client, as Django does by default, and is never prepared."""

    __slots__ = ("_connection",)

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def cursor(self) -> Any:
        connection = self._connection
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        with connection.wrap_database_errors:
            # Wrapped as the connection wraps its own cursors, so query logging and counting see it.
            return connection._prepare_cursor(_server_binding_cursor_class()(connection.connection))


def _bound(connection: Any) -> Any:
    """Where the compiler runs a prepared query: a server-binding cursor on PostgreSQL when prepared
    statements are on, the connection itself otherwise."""
    options = connection.settings_dict.get("OPTIONS", {})
    if connection.vendor == "postgresql" and options.get("prepare_threshold"):
        return _ServerBound(connection)
    return connection


def server_bound_cursor(connection: Any) -> Any:
    """A cursor for one hand-written statement run on every request (the access-log INSERT): on
    PostgreSQL with prepared statements on, it binds its parameters on the server, so the statement is
    prepared on its connection after `prepare_threshold` runs and PostgreSQL stops parsing and planning
    it; elsewhere the connection's own cursor."""
    return _bound(connection).cursor()


class IdsIn(Expression):
    """`field` is one of the integers of a JSON array given as one text parameter ("[3, 17, 42]"): the
    same SQL for any number of ids, so a page of rows found by id can be prepared (a `pk__in` list
    adds a parameter per id). PostgreSQL reads the array with jsonb_array_elements_text into an array
    computed once (an InitPlan: the field's index is then scanned for `= ANY` of it, where `IN (SELECT
    …)` let the planner, estimating a hundred ids, join a page's annotated query in the wrong order);
    SQLite reads it with json_each."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, ids: str) -> None:
        super().__init__()
        self.column: Any = F(field)
        self.ids: Any = Value(ids)

    def get_source_expressions(self) -> list[Any]:
        return [self.column, self.ids]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.column, self.ids = exprs

    def _parts(self, compiler: Any) -> tuple[str, str, tuple[Any, ...]]:
        field, field_params = compiler.compile(self.column)
        ids, ids_params = compiler.compile(self.ids)
        return field, ids, (*field_params, *ids_params)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:
        field, ids, params = self._parts(compiler)
        return f"{field} IN (SELECT value FROM json_each({ids}))", params  # noqa: S608  (compiled SQL)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:
        field, ids, params = self._parts(compiler)
        return f"{field} = ANY(ARRAY(SELECT (jsonb_array_elements_text(({ids})::jsonb))::bigint))", params


class Prepared:
    """A queryset, built by `build(**values)`, compiled once and run with other values."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *names: str, texts: tuple[str, ...] = ()) -> None:
        """`names`: the integer parameters `build` takes; `texts`: the text ones."""
        self.build = build
        self.names = names + texts
        self.texts = frozenset(texts)
        self._compiled: dict[tuple[str, str], _Compiled] = {}
        self._lock = threading.Lock()

    def _prepare(self, using: str) -> _Compiled:
        connection = connections[using]
        key = (using, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is not None:
            return compiled
        with self._lock:
            compiled = self._compiled.get(key)
            if compiled is None:
                sentinels: dict[str, int | str] = {
                    name: f"tm-prepared-{i}-{_SENTINEL_BASE}" if name in self.texts else _SENTINEL_BASE - i
                    for i, name in enumerate(self.names)
                }
                compiled = _Compiled(self.build(**sentinels).using(using), using, sentinels)
                self._compiled[key] = compiled
        return compiled

    def _params(self, using: str, values: dict[str, int | str]) -> tuple[_Compiled, tuple[Any, ...]]:
        if set(values) != set(self.names):
            raise TypeError(f"Give exactly {self.names}, not {sorted(values)}.")
        compiled = self._prepare(using)
        params = list(compiled.params)
        for name, value in values.items():
            typed = str(value) if name in self.texts else int(value)
            for position in compiled.positions[name]:
                params[position] = typed
        return compiled, tuple(params)

    def all(self, using: str = "default", **values: int | str) -> list[Model]:
        """The rows for these values, as the built queryset would give them."""
        compiled, frozen = self._params(using, values)
        compiler = copy.copy(compiled.compiler)
        compiler.connection = _bound(connections[using])
        sql = compiled.sql
        compiler.as_sql = lambda *args, **kwargs: (sql, frozen)
        converters = compiled.converters
        compiler.get_converters = lambda expressions: converters
        composite = compiled.composite
        compiler.has_composite_fields = lambda expressions: composite
        if not compiled.fetch_mode.track_peers:
            return compiled.maker.instances(compiler)
        rows = _Rows(using, compiled.model, compiler, compiled.fetch_mode)
        return list(ModelIterable(rows))  # type: ignore[arg-type]

    def count(self, using: str = "default", **values: int | str) -> int:
        """How many rows the built queryset gives for these values, without making model instances of
        them: for a queryset sliced to a bound ("up to a hundred"), where COUNT over a LIMIT would be
        a second query shape."""
        compiled, frozen = self._params(using, values)
        with _bound(connections[using]).cursor() as cursor:
            cursor.execute(compiled.sql, frozen)
            return len(cursor.fetchall())

    def first(self, using: str = "default", **values: int | str) -> Model | None:
        found = self.all(using=using, **values)
        return found[0] if found else None
