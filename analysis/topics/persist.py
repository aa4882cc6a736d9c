"""A fitted topic model saved as arrays and JSON, and loaded without executing anything.

Why not a pickle: a store may live on a shared file system (the Dask set-up), and unpickling a
planted file runs its code in every run and notebook that loads the model. Here a model is one
``.npz`` file (:func:`numpy.savez`, no object arrays) whose member ``__meta__`` is a JSON tree of
the model's attributes; arrays are members of their own. Loading uses ``allow_pickle=False`` and
rebuilds only the classes named in :data:`CLASSES` (setting their attributes, calling no
``__init__``), so a file can describe data but never code. A damaged or foreign file raises
:class:`ModelFileError`, never a traceback from the zip or JSON reader.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import NMF, LatentDirichletAllocation, MiniBatchNMF
from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer, TfidfTransformer

from analysis.topics.model import TopicModel
from analysis.topics.stream import StreamingTopicModel
from analysis.topics.terms import TermAnalyzer, given_terms

#: Version of the file layout; a file of another version is refused (the store refits).
FORMAT = 1
#: The classes a model file may name, by name: nothing else is ever built from a file.
CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        TopicModel,
        StreamingTopicModel,
        TermAnalyzer,
        CountVectorizer,
        HashingVectorizer,
        TfidfTransformer,
        NMF,
        MiniBatchNMF,
        LatentDirichletAllocation,
    )
}
#: Functions and types a model's attributes may hold (a vectoriser's analyser, its dtype).
NAMED: dict[str, Any] = {"given_terms": given_terms, "float64": np.float64, "float32": np.float32}
_META = "__meta__"


class ModelFileError(ValueError):
    """A model file that cannot be read (damaged, foreign, another version); names the file."""


def save_topic_model(model: Any, path: str | Path) -> None:
    """Write ``model`` to ``path`` (a ``.npz``), through a temporary file renamed into place so
    a reader never meets half a file."""
    path = Path(path)
    arrays: dict[str, np.ndarray] = {}
    meta = {"format": FORMAT, "model": _encode(model, arrays)}
    arrays[_META] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        np.savez(fh, **arrays)
    tmp.replace(path)


def load_topic_model(path: str | Path) -> Any:
    """The model :func:`save_topic_model` wrote; :class:`ModelFileError` for any other file."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        meta = json.loads(arrays.pop(_META).tobytes())
    except FileNotFoundError:
        raise
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, UnicodeDecodeError) as err:
        raise ModelFileError(
            f"{path}: not a readable topic model file ({type(err).__name__}: {err})"
        ) from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelFileError(f"{path}: a topic model file of another format; refit it")
    try:
        return _decode(meta["model"], arrays)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as err:
        raise ModelFileError(f"{path}: a damaged topic model file ({type(err).__name__}: {err})") from None


def _encode(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    """``value`` as a JSON tree; arrays go into ``arrays`` and are referred to by name."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return {"float": repr(float(value))}
    if isinstance(value, np.ndarray):
        return {"array": _put_array(value, arrays)}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v, arrays) for v in value]}
    if isinstance(value, list):
        return [_encode(v, arrays) for v in value]
    if isinstance(value, (frozenset, set)):
        kind = "frozenset" if isinstance(value, frozenset) else "set"
        return {kind: [_encode(v, arrays) for v in sorted(value)]}
    if isinstance(value, dict):
        kind = "counter" if isinstance(value, Counter) else "dict"
        return {kind: [[_encode(k, arrays), _encode(v, arrays)] for k, v in value.items()]}
    if isinstance(value, pd.DataFrame):
        return {"frame": _encode_frame(value, arrays)}
    if sparse.issparse(value):
        m = sparse.csr_matrix(value)
        return {"csr": [_put_array(a, arrays) for a in (m.data, m.indices, m.indptr)], "shape": list(m.shape)}
    if isinstance(value, np.random.RandomState):
        return {"random_state": _encode(value.get_state(), arrays)}
    if isinstance(value, np.random.Generator):
        return {"generator": _encode(value.bit_generator.state, arrays)}
    for name, named in NAMED.items():
        if value is named:
            return {"named": name}
    cls = type(value)
    if CLASSES.get(cls.__name__) is cls:
        return {"object": cls.__name__, "state": _encode(vars(value), arrays)}
    raise TypeError(f"cannot save a {cls.__module__}.{cls.__name__} in a topic model file")


def _put_array(a: np.ndarray, arrays: dict[str, np.ndarray]) -> dict:
    """Store ``a`` (strings of an object array as a unicode array, missing ones masked)."""
    name = f"a{len(arrays)}"
    if a.dtype != object:
        arrays[name] = a
        return {"name": name}
    missing = np.array([v is None or (isinstance(v, float) and np.isnan(v)) for v in a.ravel()], dtype=bool)
    if not all(isinstance(v, str) for v, m in zip(a.ravel(), missing) if not m):
        raise TypeError("cannot save an object array holding other than text")
    arrays[name] = np.array(["" if m else v for v, m in zip(a.ravel(), missing)], dtype=str).reshape(a.shape)
    arrays[f"{name}_missing"] = missing.reshape(a.shape)
    return {"name": name, "object": True}


def _get_array(ref: dict, arrays: dict[str, np.ndarray]) -> np.ndarray:
    a = arrays[ref["name"]]
    if not ref.get("object"):
        return a
    out = a.astype(object)
    out[arrays[f"{ref['name']}_missing"]] = None
    return out


def _encode_frame(frame: pd.DataFrame, arrays: dict[str, np.ndarray]) -> dict:
    columns = []
    for name in frame.columns:
        col = frame[name]
        values = (
            col.to_numpy(dtype=object)
            if col.dtype == object or str(col.dtype) == "string"
            else col.to_numpy()
        )
        if values.dtype == object:
            values = np.array([None if v is pd.NA else v for v in values], dtype=object)
        columns.append([_encode(name, arrays), str(col.dtype), _put_array(values, arrays)])
    return {"columns": columns, "index": _encode(frame.index.to_numpy(), arrays)}


def _decode_frame(spec: dict, arrays: dict[str, np.ndarray]) -> pd.DataFrame:
    data = {}
    for name, dtype, ref in spec["columns"]:
        values = _get_array(ref, arrays)
        data[_decode(name, arrays)] = pd.Series(
            values, dtype=dtype if dtype in ("string", "object") else None
        )
    frame = pd.DataFrame(data, index=_decode(spec["index"], arrays))
    for (_, dtype, _), name in zip(spec["columns"], frame.columns):
        if str(frame[name].dtype) != dtype:
            frame[name] = frame[name].astype(dtype)
    return frame


def _decode(tree: Any, arrays: dict[str, np.ndarray]) -> Any:
    """The value :func:`_encode` wrote as ``tree``."""
    if tree is None or isinstance(tree, (bool, int, str)):
        return tree
    if isinstance(tree, list):
        return [_decode(v, arrays) for v in tree]
    if not isinstance(tree, dict) or len(tree) not in (1, 2):
        raise ValueError(f"unexpected entry {str(tree)[:60]!r}")
    kind, body = next(iter(tree.items()))
    decoders = {
        "float": lambda b: float(b),
        "array": lambda b: _get_array(b, arrays),
        "tuple": lambda b: tuple(_decode(v, arrays) for v in b),
        "frozenset": lambda b: frozenset(_decode(v, arrays) for v in b),
        "set": lambda b: {_decode(v, arrays) for v in b},
        "dict": lambda b: {_decode(k, arrays): _decode(v, arrays) for k, v in b},
        "counter": lambda b: Counter({_decode(k, arrays): _decode(v, arrays) for k, v in b}),
        "frame": lambda b: _decode_frame(b, arrays),
        "csr": lambda b: sparse.csr_matrix(
            tuple(_get_array(r, arrays) for r in b), shape=tuple(tree["shape"])
        ),
        "random_state": _random_state,
        "generator": _generator,
        "named": lambda b: NAMED[b],
        "object": lambda b: _build(b, tree["state"], arrays),
    }
    if kind not in decoders:
        raise ValueError(f"unknown entry kind {kind!r}")
    body = _decode(body, arrays) if kind in ("random_state", "generator") else body
    return decoders[kind](body)


def _random_state(state: tuple) -> np.random.RandomState:
    rs = np.random.RandomState()
    rs.set_state(state)
    return rs


def _generator(state: dict) -> np.random.Generator:
    if state.get("bit_generator") != "PCG64":
        raise ValueError(f"unknown bit generator {state.get('bit_generator')!r}")
    bits = np.random.PCG64()
    bits.state = state
    return np.random.Generator(bits)


def _build(name: str, state: Any, arrays: dict[str, np.ndarray]) -> Any:
    """An instance of a listed class with the saved attributes (no ``__init__`` runs)."""
    cls = CLASSES[name]
    obj = cls.__new__(cls)
    attrs = _decode(state, arrays)
    if not isinstance(attrs, dict) or not all(isinstance(k, str) for k in attrs):
        raise ValueError(f"the attributes of a {name} are not a mapping of names")
    vars(obj).update(attrs)
    return obj
