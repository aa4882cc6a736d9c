"""The accurate target-sentiment path: a fine-tuned MiniLM run with ``onnxruntime`` on the CPU.

Why a transformer: the linear news model (:mod:`analysis.sentiment.models`) sees words near the
target, not how the sentence is built, so praise in an odd construction ("he surprised and
embarrassed his detractors") or criticism aimed at someone else in the sentence escapes it. A
small pretrained encoder fine-tuned on NewsMTSC reads the whole sentence with the target marked.

Why ONNX and ``tokenizers`` only: PyTorch is a multi-gigabyte dependency and a model hub needs
the network. ``scripts/train_sentiment_transformer.py`` fine-tunes the model once (in a separate
training environment), exports the graph to ``analysis/models/sentiment_transformer.onnx`` with
its tokenizer beside it, and at run time nothing else is needed.

How a target is shown to the model (:func:`pair_inputs`, used by training and inference alike, so
they cannot drift apart): a sentence pair, first the target's mention, then the sentence cut to
``window`` characters either side of the target with the mention wrapped in :data:`MARKERS`.
The pair says *which* mention is meant when a name or pronoun occurs twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin

from analysis.sentiment.features import TARGET_INPUT

#: The classes, in the column order of the model's output (as :data:`analysis.sentiment.LABELS`).
CLASSES = ("neg", "neu", "pos")
#: Characters wrapped around the target's mention in the sentence the model reads.
MARKERS = ("<<", ">>")
#: Default context: characters kept either side of the target, and the token limit of the pair.
WINDOW = 100
MAX_LENGTH = 80
#: Words of the mention repeated as the pair's first part (a long mention is cut).
MENTION_WORDS = 8


def model_dir() -> Path:
    """Where the shipped model lives: ``analysis/models/``."""
    return Path(__file__).resolve().parents[1] / "models"


def transformer_paths(folder: str | Path | None = None) -> tuple[Path, Path]:
    """The ``.onnx`` graph and ``tokenizer.json`` of the model in ``folder`` (default the shipped one)."""
    base = Path(folder) if folder is not None else model_dir()
    return base / "sentiment_transformer.onnx", base / "sentiment_transformer.tokenizer.json"


def _cut(sentence: str, start: int, end: int, window: int) -> tuple[str, int, int]:
    """``sentence`` cut to ``window`` characters either side of ``[start, end)``, at word
    boundaries, with the offsets moved to match."""
    lo, hi = max(0, start - window), min(len(sentence), end + window)
    if lo > 0:
        space = sentence.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(sentence):
        space = sentence.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return sentence[lo:hi], start - lo, end - lo


def pair_inputs(
    sentences: Sequence[str], starts: Sequence[int], ends: Sequence[int], window: int = WINDOW
) -> list[tuple[str, str]]:
    """(mention, marked context) per target: the sentence pair the model reads (module docstring)."""
    out = []
    for sentence, start, end in zip(sentences, starts, ends):
        text, a, b = _cut(str(sentence), int(start), int(end), window)
        mention = " ".join(text[a:b].split()[:MENTION_WORDS]) or "it"
        marked = f"{text[:a]}{MARKERS[0]} {text[a:b]} {MARKERS[1]}{text[b:]}"
        out.append((mention, marked))
    return out


def encode(
    tokenizer, pairs: Sequence[tuple[str, str]], max_length: int = MAX_LENGTH
) -> dict[str, np.ndarray]:
    """``input_ids``, ``attention_mask``, ``token_type_ids`` (int64, padded to the longest pair)
    of ``pairs`` with a ``tokenizers.Tokenizer``; the longer part is truncated first."""
    tokenizer.enable_truncation(max_length=max_length, strategy="longest_first")
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    batch = tokenizer.encode_batch(list(pairs))
    return {
        "input_ids": np.array([e.ids for e in batch], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in batch], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in batch], dtype=np.int64),
    }


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for large logits."""
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class TransformerSentiment(ClassifierMixin, BaseEstimator):
    """Target sentiment from the shipped ONNX model, with a scikit-learn predictor's API.

    ``fit`` does not train (training needs PyTorch; see the module docstring): it loads the model
    in ``folder`` (default ``analysis/models``), so the estimator can stand where the linear news
    model stands. ``predict_proba(frame)`` takes a targets frame (:data:`TARGET_INPUT`) and
    returns P(neg), P(neu), P(pos) per row, columns in :attr:`classes_` order.

    ``batch_size`` targets go through the graph at once (sorted by length, so that little padding
    is computed). The default is 1 because the int8 graph scales its activations per batch: in a
    batch, a target's probabilities move with its neighbours (by up to 0.04 measured), so an
    article would score differently in another chunk of the corpus. One target per run keeps
    every score a function of its sentence alone, at about 30% less speed (measured 17 vs 23
    targets/s under load); ``threads`` is onnxruntime's intra-op thread count (None: its default, every
    core). ``window`` and ``max_length`` default to the values the model was trained with (kept
    in the graph's metadata).
    """

    def __init__(
        self,
        folder: str | Path | None = None,
        *,
        batch_size: int = 1,
        threads: int | None = None,
        window: int | None = None,
        max_length: int | None = None,
    ):
        self.folder = folder
        self.batch_size = batch_size
        self.threads = threads
        self.window = window
        self.max_length = max_length

    def fit(self, X=None, y=None) -> TransformerSentiment:
        """Load the graph and tokenizer; sets ``session_``, ``tokenizer_``, ``classes_``, ``meta_``."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        graph, vocab = transformer_paths(self.folder)
        for path in (graph, vocab):
            if not path.exists():
                raise FileNotFoundError(
                    f"{path} is missing; rebuild it with scripts/train_sentiment_transformer.py NEWSMTSC_FOLDER"
                )
        options = ort.SessionOptions()
        if self.threads is not None:
            options.intra_op_num_threads = int(self.threads)
            options.inter_op_num_threads = 1
        self.session_ = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.meta_ = dict(self.session_.get_modelmeta().custom_metadata_map)
        self.tokenizer_ = Tokenizer.from_file(str(vocab))
        self.classes_ = np.array(self.meta_.get("classes", ",".join(CLASSES)).split(","))
        self.inputs_ = [i.name for i in self.session_.get_inputs()]
        return self

    def _settings(self) -> tuple[int, int]:
        window = self.window if self.window is not None else int(self.meta_.get("window", WINDOW))
        length = (
            self.max_length if self.max_length is not None else int(self.meta_.get("max_length", MAX_LENGTH))
        )
        return window, length

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """P(class) per target of the targets frame ``X`` (columns in :attr:`classes_` order)."""
        if not hasattr(self, "session_"):
            self.fit()
        missing = set(TARGET_INPUT) - set(X.columns)
        if missing:
            raise ValueError(f"a targets frame needs the columns {TARGET_INPUT}; missing {sorted(missing)}")
        window, length = self._settings()
        pairs = pair_inputs(list(X["sentence"]), list(X["start"]), list(X["end"]), window)
        out = np.zeros((len(pairs), len(self.classes_)), dtype=np.float64)
        if not pairs:
            return out
        order = np.argsort([len(a) + len(b) for a, b in pairs], kind="stable")
        for i in range(0, len(order), self.batch_size):
            idx = order[i : i + self.batch_size]
            feeds = encode(self.tokenizer_, [pairs[j] for j in idx], length)
            logits = self.session_.run(None, {k: feeds[k] for k in self.inputs_})[0]
            out[idx] = softmax(logits.astype(np.float64))
        return out

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """The most probable class per target."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


_SHIPPED: list[TransformerSentiment] = []


def load_transformer(folder: str | Path | None = None) -> TransformerSentiment:
    """The shipped transformer model (loaded once per process), or the one in ``folder``."""
    if folder is not None:
        return TransformerSentiment(folder).fit()
    if not _SHIPPED:
        _SHIPPED.append(TransformerSentiment().fit())
    return _SHIPPED[0]
