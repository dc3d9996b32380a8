# Class-data sharing for the bin/ tools: sourced by a launcher, not a command.
#
#   cds_java ARCHIVE NEWEST_INPUT [java options and arguments...]
# runs java with a dynamic AppCDS archive ARCHIVE of the classes the tool loads (JDK 17: written at the exit of
# the first run, -XX:ArchiveClassesAtExit, and mapped by later runs, -XX:SharedArchiveFile). The archive is
# rewritten when NEWEST_INPUT (the newest of the jar and its classpath file) is newer than it.
# docs/performance.md (part 40-decode-cli) has what it saves.
# The first run writes to a private name and renames, so tools started side by side never map a half-written
# archive; with AUDIFLEET_CDS=off no archive is used or written.
cds_java() {
  local archive=$1 newest=$2
  shift 2
  if [[ "${AUDIFLEET_CDS:-on}" == off ]]; then
    exec java "$@"
  fi
  if [[ -s "$archive" && "$archive" -nt "$newest" ]]; then
    exec java -XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off "$@"
  fi
  local tmp="$archive.$$.tmp" rc=0
  java -XX:ArchiveClassesAtExit="$tmp" -Xlog:cds=off -Xlog:cds+dynamic=off "$@" || rc=$?
  if [[ $rc -eq 0 && -s "$tmp" ]]; then
    mv -f "$tmp" "$archive"
  else
    rm -f "$tmp"
  fi
  return $rc
}
