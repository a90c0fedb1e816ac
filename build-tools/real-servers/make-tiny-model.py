#!/usr/bin/env python3
"""Writes a tiny Qwen2.5-style model in GGUF format for the real-server tests.

The model is produced with llama.cpp's own GGUF writer (gguf-py, from the same source tree as the
server). Its tokenizer is the Qwen2 tokenizer of llama.cpp's test vocabulary file
models/ggml-vocab-qwen2.gguf, completed with the added tokens Qwen2.5 declares (QWEN25_ADDED below:
<|im_start|>, <|im_end|>, <tool_call>, </tool_call>, ... with their public ids and the token types
llama.cpp's converter gives them), and it carries the Qwen2.5 chat template
(models/templates/Qwen-Qwen2.5-7B-Instruct.jinja). The server therefore treats it as a Qwen2.5 model:
same tokenizer, same chat and tool-call format, same grammar triggers. No model hub is involved.

Two kinds:
  random       seeded random weights and tiny dimensions: it answers nonsense, quickly and always the
               same way for the same request, which is all the protocol tests need.
  tool-caller  a hand-built deterministic model that opens a tool call whenever it may (see
               tool_caller_weights): a random model never writes <tool_call>, so the tool-call cases
               need a model that does. It is a test fixture, not a language model.

Usage: make-tiny-model.py [--kind random|tool-caller] <llama.cpp source dir> <output .gguf>
Needs numpy (gguf-py's only hard dependency).
"""
import argparse
import os
import sys

# Qwen2.5's added tokens (tokenizer_config.json "added_tokens_decoder" of the Qwen2.5 releases), with
# the type llama.cpp's converter gives each: CONTROL (3) for the ones marked special or looking special
# (<|...|>), USER_DEFINED (4) for <tool_call> and </tool_call>, which Qwen2.5 marks as not special and
# which the tokenizer must therefore match in plain text, in prompts and in the model's output.
CONTROL, USER_DEFINED = 3, 4
QWEN25_ADDED = [
    (151643, "<|endoftext|>", CONTROL),
    (151644, "<|im_start|>", CONTROL),
    (151645, "<|im_end|>", CONTROL),
    (151646, "<|object_ref_start|>", CONTROL),
    (151647, "<|object_ref_end|>", CONTROL),
    (151648, "<|box_start|>", CONTROL),
    (151649, "<|box_end|>", CONTROL),
    (151650, "<|quad_start|>", CONTROL),
    (151651, "<|quad_end|>", CONTROL),
    (151652, "<|vision_start|>", CONTROL),
    (151653, "<|vision_end|>", CONTROL),
    (151654, "<|vision_pad|>", CONTROL),
    (151655, "<|image_pad|>", CONTROL),
    (151656, "<|video_pad|>", CONTROL),
    (151657, "<tool_call>", USER_DEFINED),
    (151658, "</tool_call>", USER_DEFINED),
    (151659, "<|fim_prefix|>", CONTROL),
    (151660, "<|fim_middle|>", CONTROL),
    (151661, "<|fim_suffix|>", CONTROL),
    (151662, "<|fim_pad|>", CONTROL),
    (151663, "<|repo_name|>", CONTROL),
    (151664, "<|file_sep|>", CONTROL),
]
ENDOFTEXT, IM_END = 151643, 151645
TOOL_CALL, TOOL_CALL_END = 151657, 151658
NEWLINE = 198  # "Ċ", the byte-level token for "\n": the last token of "<|im_start|>assistant\n"
TAB = 197  # "ĉ"
DOUBLE_NEWLINE = 271  # "ĊĊ"
QUOTE = 1  # '"'


def qwen25_vocab(tokens, types):
    """The test vocabulary with Qwen2.5's added tokens put in at their ids (replacing [PADn] slots)."""
    tokens, types = list(tokens), list(types)
    for tid, text, ttype in QWEN25_ADDED:
        old = tokens[tid]
        if old != text and not old.startswith("[PAD"):
            raise SystemExit(f"make-tiny-model: id {tid} is {old!r} in the test vocabulary, not a free slot")
        tokens[tid], types[tid] = text, ttype
    return tokens, types


def random_weights(np, n_vocab, dims):
    n_embd, n_ff, n_embd_kv, n_layer = dims["n_embd"], dims["n_ff"], dims["n_embd_kv"], dims["n_layer"]
    rng = np.random.default_rng(20261205)

    def rand(*shape, dtype=np.float32):
        return (rng.standard_normal(shape) * 0.02).astype(dtype)

    # numpy shapes are (rows, cols) = (out, in); gguf reverses them to ggml's {in, out}.
    t = {"token_embd.weight": rand(n_vocab, n_embd, dtype=np.float16)}
    for i in range(n_layer):
        p = f"blk.{i}."
        t[p + "attn_q.weight"] = rand(n_embd, n_embd)
        t[p + "attn_q.bias"] = rand(n_embd)
        t[p + "attn_k.weight"] = rand(n_embd_kv, n_embd)
        t[p + "attn_k.bias"] = rand(n_embd_kv)
        t[p + "attn_v.weight"] = rand(n_embd_kv, n_embd)
        t[p + "attn_v.bias"] = rand(n_embd_kv)
        t[p + "attn_output.weight"] = rand(n_embd, n_embd)
        t[p + "ffn_gate.weight"] = rand(n_ff, n_embd)
        t[p + "ffn_up.weight"] = rand(n_ff, n_embd)
        t[p + "ffn_down.weight"] = rand(n_embd, n_ff)
    return t


def tool_caller_weights(np, n_vocab, dims):
    """A deterministic bigram model: the next token depends only on the current one.

    Every attention and feed-forward output is zero, so the residual stream at the last position is
    that token's embedding, and the logits are output.weight times its RMS-normalised embedding.
    Dimension 0 of every embedding is a constant 1 and column 0 of output.weight is a fixed preference
    over the whole vocabulary; a few tokens also carry a marker dimension that an output row is
    aligned with. With greedy sampling:
      - after "\\n" (the end of "<|im_start|>assistant\\n") it writes <tool_call>, so it opens a tool
        call whenever no grammar forbids it (tool_choice "auto" and "required"; with "none" the
        server gets the same token and hands it out as text);
      - elsewhere it prefers, in this order: <|im_end|> (the end of the turn), </tool_call>, the
        double quote (so that free JSON strings close at once), then the 256 single-byte tokens in
        id order, then every other token. Under the server's tool-call grammar this spells, one
        byte at a time, the first tool offered, with the first allowed value of each argument;
      - after </tool_call> it ends the turn.
    So with tool_choice "required" or "auto" and the test's enum-only schemas every answer is one
    complete call such as <tool_call>{"name":"lookup_allergies","arguments":{"patient":"p-17"}}
    </tool_call>, whose opening, name and arguments come from the model and whose shape the server's
    grammar enforces.
    """
    n_embd, n_ff, n_embd_kv, n_layer = dims["n_embd"], dims["n_ff"], dims["n_embd_kv"], dims["n_layer"]
    embd = np.zeros((n_vocab, n_embd), dtype=np.float32)
    embd[:, 0] = 1.0
    embd[NEWLINE, 1] = 1.0  # marker: "the last token is a newline"
    embd[TOOL_CALL, 2] = 1.0  # marker: "the last token is <tool_call>"
    out = np.zeros((n_vocab, n_embd), dtype=np.float32)
    out[:, 0] = -2.0  # every multi-byte token: least preferred
    out[:256, 0] = -np.arange(256, dtype=np.float32) / 256.0  # single bytes, in id order
    out[QUOTE, 0] = 2.0
    # A newline is the whitespace the model writes when only whitespace may come (before
    # "</tool_call>"): above the tab (which would come first by id) and below every other byte, so
    # that JSON punctuation always wins over optional whitespace.
    out[NEWLINE, 0] = (out[TAB, 0] + out[TAB - 1, 0]) / 2
    out[TOOL_CALL_END, 0] = 2.5
    out[IM_END, 0] = 3.0
    out[TOOL_CALL, 0] = 1.0
    out[TOOL_CALL, 1] = 5.0  # after a newline <tool_call> wins over <|im_end|>: 1 + 5 > 3
    # The server's tool-call grammar starts at "<tool_call>\n" (the Qwen2.5 template's own opening),
    # so after <tool_call> comes a line break: "ĊĊ" rather than "Ċ", whose own marker would open
    # another call, in a loop, where no grammar is active (tool_choice "none"): -2 + 6 > 3.
    out[DOUBLE_NEWLINE, 2] = 6.0
    t = {"token_embd.weight": embd.astype(np.float16), "output.weight": out.astype(np.float16)}
    zeros = lambda *shape: np.zeros(shape, dtype=np.float32)  # noqa: E731
    for i in range(n_layer):
        p = f"blk.{i}."
        t[p + "attn_q.weight"] = zeros(n_embd, n_embd)
        t[p + "attn_q.bias"] = zeros(n_embd)
        t[p + "attn_k.weight"] = zeros(n_embd_kv, n_embd)
        t[p + "attn_k.bias"] = zeros(n_embd_kv)
        t[p + "attn_v.weight"] = zeros(n_embd_kv, n_embd)
        t[p + "attn_v.bias"] = zeros(n_embd_kv)
        t[p + "attn_output.weight"] = zeros(n_embd, n_embd)
        t[p + "ffn_gate.weight"] = zeros(n_ff, n_embd)
        t[p + "ffn_up.weight"] = zeros(n_ff, n_embd)
        t[p + "ffn_down.weight"] = zeros(n_embd, n_ff)
    return t


def main() -> int:
    ap = argparse.ArgumentParser(description="Writes a tiny Qwen2.5-style GGUF model for the real-server tests.")
    ap.add_argument("--kind", choices=["random", "tool-caller"], default="random")
    ap.add_argument("src", help="llama.cpp source directory")
    ap.add_argument("out", help="output .gguf")
    args = ap.parse_args()
    src, out = args.src, args.out
    sys.path.insert(0, os.path.join(src, "gguf-py"))
    try:
        import numpy as np
        import gguf
    except ImportError as e:
        print(f"make-tiny-model: {e}; numpy is required (Debian: apt-get install python3-numpy)", file=sys.stderr)
        return 2

    vocab_path = os.path.join(src, "models", "ggml-vocab-qwen2.gguf")
    template_path = os.path.join(src, "models", "templates", "Qwen-Qwen2.5-7B-Instruct.jinja")
    vocab = gguf.GGUFReader(vocab_path)

    def field(name):
        return vocab.fields[name].contents()

    tokens, types = qwen25_vocab(field("tokenizer.ggml.tokens"), field("tokenizer.ggml.token_type"))
    n_vocab = len(tokens)
    with open(template_path, encoding="utf-8") as fh:
        chat_template = fh.read()

    arch = "qwen2"
    n_embd, n_head, n_head_kv, n_layer, n_ff, n_ctx = 64, 4, 2, 2, 128, 32768
    head_dim = n_embd // n_head
    dims = {"n_embd": n_embd, "n_ff": n_ff, "n_embd_kv": head_dim * n_head_kv, "n_layer": n_layer}

    tmp = out + ".tmp"
    w = gguf.GGUFWriter(tmp, arch)
    w.add_name("switchboard-tiny-qwen2.5" if args.kind == "random" else "switchboard-tool-caller-qwen2.5")
    w.add_block_count(n_layer)
    w.add_context_length(n_ctx)
    w.add_embedding_length(n_embd)
    w.add_feed_forward_length(n_ff)
    w.add_head_count(n_head)
    w.add_head_count_kv(n_head_kv)
    w.add_rope_freq_base(1000000.0)
    w.add_layer_norm_rms_eps(1e-6)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)

    w.add_tokenizer_model(field("tokenizer.ggml.model"))
    w.add_tokenizer_pre(field("tokenizer.ggml.pre"))
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(field("tokenizer.ggml.merges"))
    # As in Qwen2.5-Instruct: the turn ends with <|im_end|>; <|endoftext|> pads and begins.
    w.add_eos_token_id(IM_END)
    w.add_bos_token_id(ENDOFTEXT)
    w.add_pad_token_id(ENDOFTEXT)
    w.add_add_bos_token(False)
    w.add_chat_template(chat_template)

    make = random_weights if args.kind == "random" else tool_caller_weights
    tensors = make(np, n_vocab, dims)
    w.add_tensor("token_embd.weight", tensors.pop("token_embd.weight"))
    if "output.weight" in tensors:
        w.add_tensor("output.weight", tensors.pop("output.weight"))
    w.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
    for i in range(n_layer):
        p = f"blk.{i}."
        w.add_tensor(p + "attn_norm.weight", np.ones(n_embd, dtype=np.float32))
        for name in ("attn_q.weight", "attn_q.bias", "attn_k.weight", "attn_k.bias", "attn_v.weight",
                     "attn_v.bias", "attn_output.weight"):
            w.add_tensor(p + name, tensors.pop(p + name))
        w.add_tensor(p + "ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
        for name in ("ffn_gate.weight", "ffn_up.weight", "ffn_down.weight"):
            w.add_tensor(p + name, tensors.pop(p + name))

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    os.replace(tmp, out)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
