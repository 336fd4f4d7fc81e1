# Sourced by scripts/setup and scripts/test: `phase NAME CMD...` runs CMD with its output appended
# to $phase_log and prints one line, "NAME ... done (Ns)"; on failure, the log's last lines and
# the exit status. So a setup prints a line per phase instead of pages of apt-get and ninja.
phase() {
  local name=$1 start=$SECONDS rc
  shift
  printf '%s: %s ... ' "$phase_prefix" "$name" >&2
  if "$@" >>"$phase_log" 2>&1; then
    printf 'done (%ds)\n' $((SECONDS - start)) >&2
  else
    rc=$?
    printf 'FAILED (exit %d); the end of %s:\n' "$rc" "$phase_log" >&2
    tail -n 40 "$phase_log" >&2
    exit "$rc"
  fi
}
