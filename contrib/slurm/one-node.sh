#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for tests: slurmctld and slurmd on
# localhost, configuration and state in a scratch folder, run as root, without
# systemd or cgroups (see docs/cluster.md).
#
#   contrib/slurm/one-node.sh start DIR   # prints `export SLURM_CONF=DIR/slurm.conf`
#   contrib/slurm/one-node.sh stop DIR    # stops the daemons it started (by pid file)
#
# Needs Debian's slurm-wlm and munge (apt-get install -y slurm-wlm munge).
# munged is started if it is not running, and left running (other clients may
# use it); its pid is recorded in DIR so that `stop` can end it too.
set -euo pipefail
cmd="${1:?usage: one-node.sh start|stop DIR}"
dir="$(mkdir -p "${2:?usage: one-node.sh start|stop DIR}" && cd "$2" && pwd)"
conf="$dir/slurm.conf"

stop_pid() { # stop_pid FILE: end the process whose pid FILE holds, if alive.
  local f="$1" pid
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$f"
}

case "$cmd" in
start)
  for b in slurmctld slurmd munged sinfo; do
    command -v "$b" >/dev/null || { echo "one-node.sh: $b not found; apt-get install -y slurm-wlm munge" >&2; exit 1; }
  done
  # munge: a key, and the daemon.
  if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --keyfile=/etc/munge/munge.key
  fi
  chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge && chown munge:munge /run/munge
  if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    runuser -u munge -- munged --force
    for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
    cp /run/munge/munged.pid "$dir/munged.pid" 2>/dev/null || true
  fi
  host="$(hostname)"
  node="$(slurmd -C | head -n 1)"   # NodeName=HOST CPUs=… RealMemory=…
  mkdir -p "$dir/state" "$dir/spool"
  cat > "$conf" <<CONF
ClusterName=casus-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
MinJobAge=600
$node State=UNKNOWN
PartitionName=casus Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$conf"
  slurmctld -f "$conf"
  slurmd -f "$conf"
  for _ in $(seq 100); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then
      echo "export SLURM_CONF=$conf"
      exit 0
    fi
    sleep 0.2
  done
  echo "one-node.sh: the node did not come up idle; see $dir/slurmctld.log and $dir/slurmd.log" >&2
  sinfo >&2 || true
  exit 1
  ;;
stop)
  stop_pid "$dir/slurmd.pid"
  stop_pid "$dir/slurmctld.pid"
  stop_pid "$dir/munged.pid"
  ;;
*)
  echo "usage: one-node.sh start|stop DIR" >&2
  exit 2
  ;;
esac
