"""Facts from JavaScript and TypeScript source.

There is no parser here: a small lexer blanks out comments and the inside of
strings (keeping every offset and line), and the rules' questions are asked
of that blanked text with regular expressions. String literals are kept
aside with their positions, so `require('aws-sdk')` or `TableName: 'orders'`
is still visible where it matters, and a comment mentioning either is not.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from scaffold.check.code import AsyncInvoke, CodeFacts, HandlerCode, ObjectWrite

_INTERESTING = re.compile(r"[/'\"`]")
_STRING_BODY = {
    "'": re.compile(r"'(?:[^'\\\n]|\\.)*'?", re.S),
    '"': re.compile(r'"(?:[^"\\\n]|\\.)*"?', re.S),
    "`": re.compile(r"`(?:[^`\\]|\\.)*`?", re.S),
}
_REGEX_LITERAL = re.compile(r"/(?:[^/\\\n\[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[a-z]*")
# After these a `/` starts a regular expression rather than a division.
_REGEX_AFTER_CHARS = set("(,=:[!&|?{};+-*%<>~^")
_REGEX_AFTER_WORDS = frozenset(
    {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete"}
    | {"void", "throw", "yield", "await"}
)

_ARROW_OR_FUNCTION = (
    r"(?P<async>async\s+)?"
    r"(?:function\b\s*\*?\s*\w*\s*\((?P<fparams>[^)]*)\)"
    r"|\((?P<aparams>[^)]*)\)\s*(?::\s*[^=;{]+)?=>"
    r"|(?P<single>\w+)\s*=>)"
)
# Both start with a keyword, which keeps them fast on large bundles; what
# stands before the keyword (export, async) is read from the text before it.
_FUNCTION_DECLARATION = re.compile(
    r"\bfunction\b\s*\*?\s*(?P<name>\w+)\s*(?:<[^>]*>)?\s*\((?P<fparams>[^)]*)\)"
)
_VARIABLE_FUNCTION = re.compile(
    r"\b(?:const|let|var)\s+(?P<name>\w+)"
    r"\s*(?::\s*[\w.<>,\s\[\]]+?)?\s*=\s*" + _ARROW_OR_FUNCTION
)
_EXPORTED_BEFORE = re.compile(r"\bexport\s+(?:default\s+)?(?:async\s+)?$")
_ASYNC_BEFORE = re.compile(r"\basync\s+$")
_EXPORTS_ASSIGNMENT = re.compile(
    r"\b(?:module\.)?exports\.(?P<name>\w+)\s*=\s*(?:" + _ARROW_OR_FUNCTION + r"|"
    r"(?P<alias>\w+)\s*(?:;|$)|(?P<call>[\w.]+\s*\())",
    re.M,
)
_EXPORTED_WRAPPER = re.compile(
    r"\bexport\s+const\s+(?P<name>\w+)\s*(?::\s*[\w.<>,\s\[\]]+?)?\s*=\s*"
    r"(?!async\b|function\b)(?P<call>[\w.]+\s*\()"
)
_EXPORT_LIST = re.compile(r"\b(?:export|module\.exports\s*=)\s*\{(?P<names>[^}]*)\}")
_TRY = re.compile(r"\btry\s*\{|\.catch\s*\(")
_ERROR_MIDDLEWARE = re.compile(
    r"\b(?:httpErrorHandler|errorHandler|processPartialResponse|BatchProcessor)\b"
)
_CONNECTIONS = re.compile(
    r"\b(?:createConnection|createPool|createClient|connect)\s*\("
    r"|\bnew\s+(?:Pool|Client|MongoClient|Redis|Sequelize|PrismaClient|\w+Client)\s*\("
    r"|\bknex\s*\("
)
_WAIT_OFF = re.compile(r"\bcallbackWaitsForEmptyEventLoop\s*=\s*false\b")
_SPECIFIER_BEFORE = re.compile(r"(?:\brequire\s*\(|\bimport\s*\(|\bfrom|\bimport)\s*$")
_OBJECT_WRITE_CALL = re.compile(
    r"\b(?:PutObjectCommand|CopyObjectCommand|Upload)\s*\(|\.(?:putObject|upload)\s*\("
)
_TABLE_NAME_KEY = re.compile(r"\bTableName\s*:\s*$")
_INVOKE_CALL = re.compile(r"\bInvokeCommand\s*\(|\.invoke\s*\(")
_INVOCATION_TYPE = re.compile(r"\bInvocationType\s*:\s*")
_ENV_READ = r"process\.env\.(\w+)|process\.env\[\s*[\"'](\w+)[\"']\s*\]"
_FUNCTION_NAME_FROM_ENV = re.compile(r"\bFunctionName\s*:\s*(?:" + _ENV_READ + ")")
_FUNCTION_NAME_FROM_CONSTANT = re.compile(r"\bFunctionName\s*:\s*(\w+)")
_ENV_CONSTANT = re.compile(r"\b(?:const|let|var)\s+(\w+)\s*=\s*(?:" + _ENV_READ + ")")
_SDK_V2_CLIENT = re.compile(r"\bnew\s+AWS\.(\w+)\s*\(")


@dataclass(frozen=True)
class StringToken:
    start: int
    end: int
    value: str
    quote: str


@dataclass
class Lexed:
    """Source with comments and string contents blanked, and its strings."""

    code: str
    strings: list[StringToken]
    newlines: list[int]

    def __post_init__(self) -> None:
        self._starts = [token.start for token in self.strings]

    def line_at(self, offset: int) -> int:
        return bisect.bisect_right(self.newlines, offset - 1) + 1

    def string_at(self, offset: int) -> StringToken | None:
        index = bisect.bisect_left(self._starts, offset)
        if index < len(self.strings) and self.strings[index].start == offset:
            return self.strings[index]
        return None


def lex(text: str) -> Lexed:
    pieces: list[str] = []
    strings: list[StringToken] = []
    position = 0
    while True:
        match = _INTERESTING.search(text, position)
        if match is None:
            pieces.append(text[position:])
            break
        start = match.start()
        pieces.append(text[position:start])
        end = _token_end(text, start, "".join(pieces[-3:]))
        token = text[start:end]
        if token[0] in _STRING_BODY:
            strings.append(StringToken(start, end, token[1:-1], token[0]))
        if token[:2] in ("//", "/*") or token[0] in _STRING_BODY:
            pieces.append(_blank(token))
        else:
            pieces.append(token)
        position = end
    newlines = [m.start() for m in re.finditer("\n", text)]
    return Lexed("".join(pieces), strings, newlines)


def _token_end(text: str, start: int, before: str) -> int:
    char = text[start]
    if char in _STRING_BODY:
        match = _STRING_BODY[char].match(text, start)
        return match.end() if match else start + 1
    following = text[start + 1 : start + 2]
    if following == "/":
        newline = text.find("\n", start)
        return len(text) if newline < 0 else newline
    if following == "*":
        close = text.find("*/", start + 2)
        return len(text) if close < 0 else close + 2
    if _starts_regex(before):
        match = _REGEX_LITERAL.match(text, start)
        if match:
            return match.end()
    return start + 1


def _starts_regex(before: str) -> bool:
    stripped = before.rstrip()
    if not stripped:
        return True
    if stripped[-1] in _REGEX_AFTER_CHARS:
        return True
    word = re.search(r"(\w+)$", stripped)
    return bool(word and word.group(1) in _REGEX_AFTER_WORDS)


def _blank(token: str) -> str:
    """Keep quotes and newlines, blank the rest, so offsets and lines hold."""
    if token[0] in _STRING_BODY:
        inner = re.sub(r"[^\n]", " ", token[1:-1])
        return token[0] + inner + token[-1]
    return re.sub(r"[^\n]", " ", token)


def node_facts(path: Path, text: str) -> CodeFacts:
    facts = CodeFacts(path, "node")
    lexed = lex(text)
    code = lexed.code
    _read_specifiers(facts, lexed)
    _read_handlers(facts, lexed)
    facts.handles_errors_in_module = bool(
        _TRY.search(code) or _ERROR_MIDDLEWARE.search(code)
    )
    facts.creates_connections = bool(_CONNECTIONS.search(code))
    facts.stops_event_loop_wait = bool(_WAIT_OFF.search(code))
    _read_table_names(facts, lexed)
    _read_object_writes(facts, lexed)
    _read_async_invokes(facts, lexed, text)
    for match in _SDK_V2_CLIENT.finditer(code):
        facts.add_service(match.group(1), lexed.line_at(match.start()))
    return facts


def _read_specifiers(facts: CodeFacts, lexed: Lexed) -> None:
    """Modules named by `require`, `import` and `export ... from`."""
    for token in lexed.strings:
        if token.quote == "`" or not _SPECIFIER_BEFORE.search(
            lexed.code[max(0, token.start - 40) : token.start]
        ):
            continue
        line = lexed.line_at(token.start)
        specifier = token.value
        if specifier == "aws-sdk":
            facts.sdk_v2_imports.append(line)
        elif specifier.startswith("@aws-sdk/client-"):
            facts.add_service(specifier.removeprefix("@aws-sdk/client-"), line)
        elif specifier == "@aws-sdk/lib-dynamodb":
            facts.add_service("dynamodb", line)
        elif specifier.startswith("aws-sdk/clients/"):
            facts.add_service(specifier.removeprefix("aws-sdk/clients/"), line)
        elif specifier.startswith("."):
            facts.local_imports.append(specifier)


def _read_handlers(facts: CodeFacts, lexed: Lexed) -> None:
    """Exported functions, whichever of the module systems exports them."""
    code = lexed.code
    local: dict[str, HandlerCode] = {}
    for pattern in (_FUNCTION_DECLARATION, _VARIABLE_FUNCTION):
        for match in pattern.finditer(code):
            before = code[max(0, match.start() - 30) : match.start()]
            handler = _handler_from(match, match.group("name"), lexed, before)
            local.setdefault(handler.name, handler)
            if _EXPORTED_BEFORE.search(before):
                facts.handlers[handler.name] = handler
    for match in _EXPORTS_ASSIGNMENT.finditer(code):
        name = match.group("name")
        if match.group("alias"):
            _export_alias(facts, local, name, match.group("alias"))
        elif match.group("call"):
            facts.handlers[name] = _wrapper(name, lexed.line_at(match.start()))
        else:
            facts.handlers[name] = _handler_from(match, name, lexed)
    for match in _EXPORTED_WRAPPER.finditer(code):
        facts.handlers[match.group("name")] = _wrapper(
            match.group("name"), lexed.line_at(match.start())
        )
    for match in _EXPORT_LIST.finditer(code):
        for entry in match.group("names").split(","):
            exported, _, original = entry.partition(":")
            if " as " in exported:
                original, _, exported = exported.partition(" as ")
            _export_alias(
                facts, local, exported.strip(), (original or exported).strip()
            )


def _export_alias(
    facts: CodeFacts, local: dict[str, HandlerCode], exported: str, original: str
) -> None:
    if original in local and exported:
        found = local[original]
        facts.handlers[exported] = HandlerCode(
            exported, found.line, found.params, found.is_async, found.has_body
        )


def _wrapper(name: str, line: int) -> HandlerCode:
    return HandlerCode(name, line, (), False, has_body=False)


def _handler_from(
    match: re.Match[str], name: str, lexed: Lexed, before: str = ""
) -> HandlerCode:
    groups = match.groupdict()
    raw = groups.get("fparams") or groups.get("aparams") or groups.get("single") or ""
    is_async = bool(groups.get("async")) or bool(_ASYNC_BEFORE.search(before))
    return HandlerCode(name, lexed.line_at(match.start()), _param_names(raw), is_async)


def _param_names(raw: str) -> tuple[str, ...]:
    """Parameter names; a destructured or typed parameter still counts as one."""
    names: list[str] = []
    depth = 0
    current = ""
    for char in raw + ",":
        if char in "([{<":
            depth += 1
        elif char in ")]}>":
            depth -= 1
        if char == "," and depth == 0:
            name = re.split(r"[:=?]", current.strip(), maxsplit=1)[0].strip()
            if name:
                names.append(name)
            current = ""
        else:
            current += char
    return tuple(names)


def _read_table_names(facts: CodeFacts, lexed: Lexed) -> None:
    for token in lexed.strings:
        before = lexed.code[max(0, token.start - 30) : token.start]
        literal = token.quote != "`" and token.value
        if literal and _TABLE_NAME_KEY.search(before):
            facts.table_names.append((lexed.line_at(token.start), token.value))


def _read_object_writes(facts: CodeFacts, lexed: Lexed) -> None:
    code = lexed.code
    for call in _OBJECT_WRITE_CALL.finditer(code):
        end = _closing_paren(code, call.end() - 1)
        key = re.search(r"\bKey\s*:\s*", code[call.end() : end])
        if key is None:
            continue
        offset = call.end() + key.end()
        token = lexed.string_at(offset)
        if token is None:
            continue
        prefix, suffix = _template_affixes(token)
        if re.match(r"\s*\+", code[token.end : token.end + 5]):
            suffix = None
        facts.object_writes.append(
            ObjectWrite(lexed.line_at(call.start()), prefix, suffix)
        )


def _read_async_invokes(facts: CodeFacts, lexed: Lexed, text: str) -> None:
    """Invokes with InvocationType 'Event', and the variable naming the target."""
    code = lexed.code
    constants = {
        match.group(1): match.group(2) or match.group(3)
        for match in _ENV_CONSTANT.finditer(text)
    }
    for call in _INVOKE_CALL.finditer(code):
        end = _closing_paren(code, call.end() - 1)
        arguments = code[call.end() : end]
        kind = _INVOCATION_TYPE.search(arguments)
        token = lexed.string_at(call.end() + kind.end()) if kind else None
        if token is None or token.value != "Event":
            continue
        original = text[call.end() : end]
        variable = None
        from_env = _FUNCTION_NAME_FROM_ENV.search(original)
        from_constant = _FUNCTION_NAME_FROM_CONSTANT.search(arguments)
        if from_env:
            variable = from_env.group(1) or from_env.group(2)
        elif from_constant:
            variable = constants.get(from_constant.group(1))
        facts.async_invokes.append(AsyncInvoke(lexed.line_at(call.start()), variable))


def _template_affixes(token: StringToken) -> tuple[str, str | None]:
    if token.quote != "`" or "${" not in token.value:
        return token.value, token.value
    prefix = token.value.split("${", 1)[0]
    tail = token.value.rsplit("}", 1)[-1]
    return prefix, tail or None


def _closing_paren(code: str, open_at: int) -> int:
    depth = 0
    for index in range(open_at, len(code)):
        if code[index] == "(":
            depth += 1
        elif code[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return len(code)
