"""What a launch script runs with, read without running it: a small evaluator for the shell InferenceX's benchmark
scripts use (SemiAnalysisAI/InferenceX benchmarks/*.sh), used by inferencex.py.

`run(text, env)` walks a script line by line with the variables a point's run knows (TP, ISL, OSL, CONC, and what the
workflow passed): it follows `if/elif/else/fi` whose tests it can decide ([[ … ]] / [ … ] comparisons of strings and
integers, -n/-z, joined by && and ||), assigns `NAME=value` (quoted strings, $VAR/${VAR:-default}, $(( … ))
arithmetic with ?:), and expands the commands and here-documents (the engines' YAML configs) that run. What it cannot
decide (a test on a variable it does not know, a glob pattern, a one-line compound command) makes the branch undecided:
its text goes to `maybe`, and any variable assigned there becomes UNKNOWN. `settings(sure, maybe, tp)` then reads the
engine flags from the text that runs for sure; a flag that also appears in undecided text, or whose value still
holds an unexpanded variable, is unknown (None with the reason), never guessed.
"""
import re

UNKNOWN = object()
VAR = re.compile(r"\$\{(\w+)(:-([^}]*))?\}|\$(\w+)")


def combine(left, conjunction: bool, right):
    """Three-valued AND (conjunction) or OR of two test results: True, False or UNKNOWN."""
    if conjunction:
        return False if (left is False or right is False) else (UNKNOWN if UNKNOWN in (left, right) else True)
    return True if (left is True or right is True) else (UNKNOWN if UNKNOWN in (left, right) else False)


def expand(s, env, partial=False):
    """Expands $VAR, ${VAR}, ${VAR:-default}; UNKNOWN if any variable is unknown (partial: leaves those as written)."""
    bad = False
    def sub(m):
        nonlocal bad
        name = m.group(1) or m.group(4)
        if name in env and env[name] is not UNKNOWN:
            v = env[name]
            if m.group(2) and v == "":
                return m.group(3)
            return str(v)
        if name not in env and m.group(2):
            return m.group(3)
        bad = True
        return m.group(0)
    out = VAR.sub(sub, s)
    if partial:
        return out
    return UNKNOWN if bad else out


def unquote(s):
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        return s[1:-1]
    return s


def arith(expr, env):
    """$(( … )) with + - * / % comparisons and ?: on integers."""
    e = expand(expr, env)
    if e is UNKNOWN:
        return UNKNOWN
    # bare names are variables in bash arithmetic
    bad = False
    def name(m):
        nonlocal bad
        v = env.get(m.group(0), UNKNOWN)
        if v is UNKNOWN or not re.fullmatch(r"-?\d+", str(v)):
            bad = True
            return "0"
        return str(v)
    e = re.sub(r"[A-Za-z_]\w*", name, e)
    if bad or not re.fullmatch(r"[\d\s+\-*/%()<>=!?:]+", e):
        return UNKNOWN
    # a ? b : c  ->  (b if a else c), innermost first (no nesting in the scripts read)
    m = re.fullmatch(r"(.+?)\?(.+?):(.+)", e)
    if m:
        c = arith(m.group(1), {})
        if c is UNKNOWN:
            return UNKNOWN
        return arith(m.group(2) if c != "0" else m.group(3), {})
    e = e.replace("/", "//")
    try:
        v = eval(e, {"__builtins__": {}}, {})
    except Exception:
        return UNKNOWN
    return str(int(v))


def value(raw, env):
    raw = raw.strip()
    m = re.fullmatch(r"\$\(\((.*)\)\)", raw)
    if m:
        return arith(m.group(1), env)
    if "$(" in raw or "`" in raw:
        return UNKNOWN
    if raw.startswith("'") and raw.endswith("'"):
        return raw[1:-1]
    return expand(unquote(raw), env)


def operand(tok, env):
    v = expand(unquote(tok), env)
    return v


def test(expr, env):
    """One [[ … ]] / [ … ] body: a OP b, -n/-z a, joined by && / ||. True, False or UNKNOWN."""
    parts = re.split(r"\s*(&&|\|\||-a|-o)\s*", expr.strip())
    result, op = None, None
    for p in parts:
        if p in ("&&", "-a", "||", "-o"):
            op = "and" if p in ("&&", "-a") else "or"
            continue
        r = atom(p, env)
        result = r if result is None else combine(result, op == "and", r)
    return result


def atom(p, env):
    toks = re.findall(r"\"[^\"]*\"|'[^']*'|\S+", p.strip())
    if len(toks) == 2 and toks[0] in ("-n", "-z"):
        v = operand(toks[1], env)
        if v is UNKNOWN:
            return UNKNOWN
        return (v != "") if toks[0] == "-n" else (v == "")
    if len(toks) != 3:
        return UNKNOWN
    a, op, b = toks
    if "*" in b and not b.startswith(("\"", "'")) or "*" in unquote(b) and op in ("==", "="):
        return UNKNOWN  # glob patterns: not evaluated
    x, y = operand(a, env), operand(b, env)
    if x is UNKNOWN or y is UNKNOWN:
        return UNKNOWN
    if op in ("==", "="):
        return x == y
    if op == "!=":
        return x != y
    nums = {"-eq": int.__eq__, "-ne": int.__ne__, "-gt": int.__gt__, "-ge": int.__ge__, "-lt": int.__lt__, "-le": int.__le__}
    if op in nums:
        if not (re.fullmatch(r"-?\d+", x) and re.fullmatch(r"-?\d+", y)):
            return UNKNOWN
        return nums[op](int(x), int(y))
    return UNKNOWN


def condition(cond, env):
    """An `if` condition made of [[ … ]] / [ … ] tests joined by && / ||; anything else is UNKNOWN."""
    cond = cond.strip()
    pieces = re.split(r"\s*(&&|\|\|)\s*(?=\[)", cond)
    result, op = None, None
    for p in pieces:
        if p in ("&&", "||"):
            op = p
            continue
        m = re.fullmatch(r"\[\[\s*(.*?)\s*\]\]|\[\s+(.*?)\s+\]", p.strip())
        if not m:
            return UNKNOWN
        r = test(m.group(1) if m.group(1) is not None else m.group(2), env)
        result = r if result is None else combine(result, op == "&&", r)
    return UNKNOWN if result is None else result


ASSIGN = re.compile(r"^\s*(?:export\s+)?([A-Za-z_]\w*)=(.*)$")


def run(text, env):
    """Walks a launch script: follows if/elif/else on what `env` knows, assigns variables, expands commands and
    here-documents. Returns (env after, text that ran for sure, text that may have run: inside an `if` it could not
    decide). Variables assigned inside an undecided branch become UNKNOWN."""
    env = dict(env)
    lines = []
    cont = ""
    for l in text.splitlines():
        if cont:
            l = cont + " " + l.lstrip()
            cont = ""
        if l.rstrip().endswith("\\") and not l.lstrip().startswith("#"):
            cont = l.rstrip()[:-1]
            continue
        lines.append(l)
    if cont:
        lines.append(cont)
    sure, maybe = [], []
    # stack frames: [state of this branch (True/False/UNKNOWN), some earlier branch taken (True/False/UNKNOWN)]
    stack = []
    def active():
        s = True
        for st, _ in stack:
            if st is False:
                return False
            if st is UNKNOWN:
                s = UNKNOWN
        return s
    heredoc = None
    for l in lines:
        if heredoc is not None:
            if l.strip() == heredoc[0]:
                heredoc = None
                continue
            a = active()
            if a is False:
                continue
            t = l if heredoc[1] else expand(l, env, partial=True)
            (sure if a is True else maybe).append(t)
            continue
        s = l.strip()
        if not s or s.startswith("#"):
            continue
        m = re.match(r"^if\s+(.*?);?\s*then\s*$", s)
        if m:
            a = active()
            c = condition(m.group(1), env) if a is not False else False
            stack.append([c, c])
            continue
        m = re.match(r"^elif\s+(.*?);?\s*then\s*$", s)
        if m and stack:
            taken = stack[-1][1]
            if active_parent(stack) is False or taken is True:
                stack[-1] = [False, taken]
            else:
                c = condition(m.group(1), env)
                if taken is False:
                    stack[-1] = [c, c]
                else:
                    stack[-1] = [False if c is False else UNKNOWN, True if c is True else UNKNOWN]
            continue
        if s == "else" and stack:
            taken = stack[-1][1]
            stack[-1] = [False if taken is True else (True if taken is False else UNKNOWN), True]
            continue
        if s == "fi" and stack:
            stack.pop()
            continue
        a = active()
        if a is False:
            continue
        if re.match(r"^(if|elif|while|for|case|until)\b", s) or re.search(r"\bfi$", s):
            # one-line compound commands: not followed; anything they assign becomes unknown
            for name in re.findall(r"\b([A-Za-z_]\w*)=", s):
                env[name] = UNKNOWN
            maybe.append(s)
            continue
        hd = re.search(r"<<-?\s*(['\"]?)(\w+)\1", s)
        if hd:
            heredoc = (hd.group(2), bool(hd.group(1)))
        m = ASSIGN.match(s)
        if m and not hd and re.fullmatch(r"\$\(\(.*\)\)|\"[^\"]*\"|'[^']*'|[^\s\"']*", m.group(2).strip()):
            name, raw = m.group(1), m.group(2)
            env[name] = value(raw, env) if a is True else UNKNOWN
            continue
        t = expand(s, env, partial=True)
        (sure if a is True else maybe).append(t)
    return env, "\n".join(sure), "\n".join(maybe)


def active_parent(stack):
    s = True
    for st, _ in stack[:-1]:
        if st is False:
            return False
        if st is UNKNOWN:
            s = UNKNOWN
    return s


def _flag(patterns: list[str], sure: str, maybe: str) -> tuple[str | None, str | None]:
    """(value, None) where the text that runs for sure sets it once; (None, reason) where unknown; (None, None) where absent."""
    found, undecided = set(), False
    for p in patterns:
        rx = re.compile(p, re.M)
        found |= {m.group(1) for m in rx.finditer(sure)}
        undecided = undecided or rx.search(maybe) is not None
    if undecided:
        return None, "set inside an `if` the evaluator cannot decide"
    if len(found) > 1:
        return None, f"set to several values ({', '.join(sorted(found))})"
    if not found:
        return None, None
    v = found.pop()
    if "$" in v:
        return None, f"set from {v}, which the script does not determine"
    return v, None


# Each setting as the engines' launch lines (SGLang, TRT-LLM's trtllm-serve, ATOM/vLLM) or TRT-LLM's
# extra_llm_api_options YAML state it.
FLAGS = {
    "ep_size": [r"--ep[_-]size[= ]+(\S+)", r"--expert-parallel-size[= ]+(\S+)"],
    "ep_all": [r"(--enable-ep-moe|--enable-expert-parallel)(?![\w-])"],
    "attention_dp_trt": [r"^\s*enable_attention_dp:\s*(\S+)"],
    "attention_dp_flag": [r"(--enable-dp-attention)(?![\w-])"],
    "dp_size": [r"--dp(?:-size)?[= ]+(\S+)", r"--data-parallel-size[= ]+(\S+)"],
    "mem_total": [r"--mem-fraction-static[= ]+(\S+)", r"--gpu[-_]memory[-_]utilization[= ]+(\S+)"],
    "mem_free": [r"^\s*free_gpu_memory_fraction:\s*(\S+)"],
    "graph_batch": [r"--cuda-graph-max-bs[= ]+(\S+)", r"^cuda_graph_config:[ \t]*\n(?:[ \t]+\w+:.*\n)*?[ \t]+max_batch_size:[ \t]*(\S+)"],
    "pass_tokens": [r"--max_num_tokens[= ]+(\S+)", r"--chunked-prefill-size[= ]+(\S+)"],
    # TRT-LLM attention_dp_config: enable_balance holds prompts back until every attention-DP rank has one, at most
    # timeout_iters steps
    "adp_balance": [r"^attention_dp_config:[ \t]*\n(?:[ \t]+\w+:.*\n)*?[ \t]+enable_balance:[ \t]*(\S+)"],
    "adp_timeout": [r"^attention_dp_config:[ \t]*\n(?:[ \t]+\w+:.*\n)*?[ \t]+timeout_iters:[ \t]*(\S+)"],
}


def settings(sure: str, maybe: str, tp: int) -> dict:
    """The layout and engine settings the script runs with: {name: (value or None, reason or None)}.
    ep: the expert-parallel degree (--ep_size / --ep-size; --enable-ep-moe and --enable-expert-parallel spread the
    experts over all TP ranks; none of these: 1, the engines' default of splitting every expert by tensor parallelism).
    attention_dp: attention data parallelism over the TP ranks (TRT-LLM enable_attention_dp, SGLang
    --enable-dp-attention with --dp); mem_total / mem_free: memory fractions; graph_batch, pass_tokens; adp_wait: the
    steps TRT-LLM's attention-DP balance (attention_dp_config enable_balance, timeout_iters) holds prompts back."""
    raw = {k: _flag(p, sure, maybe) for k, p in FLAGS.items()}
    out: dict = {}
    size, why = raw["ep_size"]
    every, why_all = raw["ep_all"]
    if why or why_all:
        out["ep"] = (None, why or why_all)
    elif size is not None and every is not None:
        out["ep"] = (None, "both an EP size and an all-ranks EP flag")
    elif size is not None:
        out["ep"] = (int(size), None) if size.isdigit() else (None, f"EP size {size!r} is not a number")
    elif every is not None:
        out["ep"] = (tp, None)
    else:
        out["ep"] = (1, None)
    trt, why_trt = raw["attention_dp_trt"]
    flag, why_flag = raw["attention_dp_flag"]
    dp, why_dp = raw["dp_size"]
    if why_trt or why_flag or why_dp:
        out["attention_dp"] = (None, why_trt or why_flag or why_dp)
    elif trt is not None and trt.lower() not in ("true", "false"):
        out["attention_dp"] = (None, f"enable_attention_dp {trt!r}")
    elif trt is not None and trt.lower() == "true" or flag is not None:
        n = tp if flag is None else (int(dp) if dp is not None and dp.isdigit() else None)
        out["attention_dp"] = (n, None) if n else (None, "--enable-dp-attention without a --dp size")
    else:
        out["attention_dp"] = (1, None)
    for k in ("mem_total", "mem_free"):
        v, why = raw[k]
        out[k] = (None, why) if why else ((float(v), None) if v is not None and re.fullmatch(r"0?\.\d+|1(\.0*)?", v) else (None, None if v is None else f"{v!r}"))
    for k in ("graph_batch", "pass_tokens"):
        v, why = raw[k]
        out[k] = (None, why) if why else ((int(v), None) if v is not None and v.isdigit() else (None, None if v is None else f"{v!r}"))
    # adp_wait: the steps TRT-LLM's attention-DP balance holds prompts back at most (timeout_iters when enable_balance
    # is true; 0 when it is false or absent: prompts start at once)
    bal, why_bal = raw["adp_balance"]
    tmo, why_tmo = raw["adp_timeout"]
    if why_bal or why_tmo:
        out["adp_wait"] = (None, why_bal or why_tmo)
    elif bal is None or bal.lower() == "false":
        out["adp_wait"] = (0, None)
    elif bal.lower() == "true" and tmo is not None and tmo.isdigit():
        out["adp_wait"] = (int(tmo), None)
    else:
        out["adp_wait"] = (None, f"enable_balance {bal!r} with timeout_iters {tmo!r}")
    return out
