#!/usr/bin/env bash
# The assessment step of the GitHub action (action.yml): one pytest run over the evidence folder,
# writing SARIF, HTML, JSON and JUnit reports outside it. Every input arrives in an environment
# variable and is only ever a quoted word, never shell text, so a folder name or a pull request
# cannot inject commands.
#
#   ISOCHECK_FOLDER       the evidence folder (holds isocheck.yaml); required
#   ISOCHECK_FAIL_ON      major | minor: the lowest grade that fails the run (default: minor)
#   ISOCHECK_AS_OF        YYYY-MM-DD the dates are compared with (default: the profile's, else today)
#   ISOCHECK_STANDARDS    standard ids to assess, separated by spaces or commas (default: all)
#   ISOCHECK_PYTEST_ARGS  more pytest arguments, split like a shell would (quotes allowed, no
#                         expansion of any kind)
#   ISOCHECK_SARIF, ISOCHECK_HTML, ISOCHECK_JSON, ISOCHECK_JUNIT
#                         report paths (default: a folder under $RUNNER_TEMP, outside the checkout)
#
# Exits with pytest's status: 0 when isocheck says the run passes, non-zero when it fails (1), was
# refused or misused (4, 2) or collected nothing (5). The paths of the reports written go to
# $GITHUB_OUTPUT as sarif, html, json and junit (left out when the run wrote none), with the status
# as exit-code.
set -uo pipefail

if [ -z "${ISOCHECK_FOLDER:-}" ]; then
  echo "isocheck: the evidence folder (input 'folder') is empty" >&2
  exit 2
fi

reports="${RUNNER_TEMP:-}"
if [ -n "$reports" ]; then
  reports="$reports/isocheck-reports"
  mkdir -p "$reports"
else
  reports="$(mktemp -d)"
fi
sarif="${ISOCHECK_SARIF:-$reports/isocheck.sarif}"
html="${ISOCHECK_HTML:-$reports/audit-report.html}"
json="${ISOCHECK_JSON:-$reports/results.json}"
junit="${ISOCHECK_JUNIT:-$reports/junit.xml}"
for path in "$sarif" "$html" "$json" "$junit"; do
  mkdir -p -- "$(dirname -- "$path")"
done

args=(
  "--isocheck=$ISOCHECK_FOLDER"
  "--isocheck-fail-on=${ISOCHECK_FAIL_ON:-minor}"
  "--isocheck-sarif=$sarif"
  "--isocheck-html=$html"
  "--isocheck-json=$json"
  "--junitxml=$junit"
)
if [ -n "${ISOCHECK_AS_OF:-}" ]; then
  args+=("--isocheck-as-of=$ISOCHECK_AS_OF")
fi
# Split on spaces and commas by read, which (unlike an unquoted expansion) expands no glob.
IFS=", " read -r -a standards <<<"${ISOCHECK_STANDARDS:-}"
for standard in "${standards[@]}"; do
  args+=("--isocheck-standard=$standard")
done

# More arguments: shlex splits them as a shell would, expanding no variable, glob or command.
python -c '
import os, shlex, sys
try:
    extra = shlex.split(os.environ.get("ISOCHECK_PYTEST_ARGS", ""))
except ValueError as exc:
    print(f"isocheck: the extra pytest arguments do not parse: {exc}", file=sys.stderr)
    sys.exit(2)
os.execvp(sys.executable, [sys.executable, "-m", "pytest", *sys.argv[1:], *extra])
' "${args[@]}"
status=$?

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$status"
    [ -f "$sarif" ] && echo "sarif=$sarif"
    [ -f "$html" ] && echo "html=$html"
    [ -f "$json" ] && echo "json=$json"
    [ -f "$junit" ] && echo "junit=$junit"
  } >>"$GITHUB_OUTPUT"
fi
exit "$status"
