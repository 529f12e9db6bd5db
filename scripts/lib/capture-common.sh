# Shared set-up of the loopback capture scripts (scripts/sip-capture-peers.sh,
# scripts/rtp-capture-baresip.sh). Source it from a bash script that runs
# `set -euo pipefail`, then call capture_setup:
#
#   . "$(dirname "$0")/lib/capture-common.sh"
#   capture_setup conformance-vectors/sip/peers kamailio baresip sipp dumpcap tshark
#
# capture_setup OUT_SUBDIR TOOL... checks every TOOL is on PATH (exit 1 and
# a hint otherwise) and sets:
#   root  the repository root
#   out   "$root/OUT_SUBDIR"
#   work  a fresh temporary directory, removed on exit
#   pids  background processes to kill on exit (append with pids+=("$!"))
# baresip_config PORT writes a throwaway baresip config to stdout: the
# loopback lines for a UA listening on 127.0.0.1:PORT, then the lines read
# from stdin (modules, audio devices), then its RTP port range.

capture_setup() {
    local sub=$1 tool
    shift
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    out="$root/$sub"
    work=$(mktemp -d)
    pids=()
    trap capture_cleanup EXIT
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "missing $tool (scripts/install-deps)" >&2; exit 1; }
    done
}

capture_cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}

baresip_config() {
    local port=$1
    printf '%s\n' "poll_method epoll" "sip_listen 127.0.0.1:$port" \
        "net_interface 127.0.0.1" "module_path /usr/lib/baresip/modules"
    cat
    echo "rtp_ports $((port + 10000))-$((port + 10008))"
}
