#!/usr/bin/env python3
"""Writes a tiny random-weight Qwen2 model in GGUF format for the real-server tests.

The model is produced with llama.cpp's own GGUF writer (gguf-py, from the same source tree as the
server), takes the Qwen2 tokenizer from llama.cpp's test vocabulary file models/ggml-vocab-qwen2.gguf
and carries the Qwen2.5 chat template (models/templates/Qwen-Qwen2.5-7B-Instruct.jinja), so the server
treats it as a Qwen2.5 model: same tokenizer, same chat and tool-call format. The weights are random
(seeded, so the file is reproducible) and the dimensions tiny: it answers nonsense, quickly, which is
all the protocol tests need. No model hub is involved.

Usage: make-tiny-model.py <llama.cpp source dir> <output .gguf>
Needs numpy (gguf-py's only hard dependency).
"""
import os
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: make-tiny-model.py <llama.cpp source dir> <output .gguf>", file=sys.stderr)
        return 2
    src, out = sys.argv[1], sys.argv[2]
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
        f = vocab.fields[name]
        return f.contents()

    tokens = field("tokenizer.ggml.tokens")
    n_vocab = len(tokens)
    with open(template_path, encoding="utf-8") as fh:
        chat_template = fh.read()

    arch = "qwen2"
    n_embd, n_head, n_head_kv, n_layer, n_ff, n_ctx = 64, 4, 2, 2, 128, 32768
    head_dim = n_embd // n_head
    n_embd_kv = head_dim * n_head_kv

    tmp = out + ".tmp"
    w = gguf.GGUFWriter(tmp, arch)
    w.add_name("switchboard-tiny-qwen2")
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
    w.add_token_types(field("tokenizer.ggml.token_type"))
    w.add_token_merges(field("tokenizer.ggml.merges"))
    w.add_eos_token_id(int(field("tokenizer.ggml.eos_token_id")))
    w.add_bos_token_id(int(field("tokenizer.ggml.bos_token_id")))
    w.add_pad_token_id(int(field("tokenizer.ggml.padding_token_id")))
    w.add_add_bos_token(False)
    w.add_chat_template(chat_template)

    rng = np.random.default_rng(20261205)

    def rand(*shape, dtype=np.float32):
        return (rng.standard_normal(shape) * 0.02).astype(dtype)

    # numpy shapes are (rows, cols) = (out, in); gguf reverses them to ggml's {in, out}.
    w.add_tensor("token_embd.weight", rand(n_vocab, n_embd, dtype=np.float16))
    w.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
    for i in range(n_layer):
        p = f"blk.{i}."
        w.add_tensor(p + "attn_norm.weight", np.ones(n_embd, dtype=np.float32))
        w.add_tensor(p + "attn_q.weight", rand(n_embd, n_embd))
        w.add_tensor(p + "attn_q.bias", rand(n_embd))
        w.add_tensor(p + "attn_k.weight", rand(n_embd_kv, n_embd))
        w.add_tensor(p + "attn_k.bias", rand(n_embd_kv))
        w.add_tensor(p + "attn_v.weight", rand(n_embd_kv, n_embd))
        w.add_tensor(p + "attn_v.bias", rand(n_embd_kv))
        w.add_tensor(p + "attn_output.weight", rand(n_embd, n_embd))
        w.add_tensor(p + "ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
        w.add_tensor(p + "ffn_gate.weight", rand(n_ff, n_embd))
        w.add_tensor(p + "ffn_up.weight", rand(n_ff, n_embd))
        w.add_tensor(p + "ffn_down.weight", rand(n_embd, n_ff))

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    os.replace(tmp, out)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
