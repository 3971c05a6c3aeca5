#!/usr/bin/env bash
# Three silos of one cluster on this machine, on the PostgreSQL database named by ROUTING_Storage__PostgreSql__ConnectionString
# (README.md, "Several silos"). HTTP on 127.0.0.1:5080, 5081 and 5082; Orleans silo ports 11111-11113. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${ROUTING_Storage__PostgreSql__ConnectionString:?set it first, e.g. Host=127.0.0.1;Database=routing;Username=routing;Password=...}"
: "${ROUTING_Auth__BootstrapKey:?set it first, e.g. to the output of openssl rand -hex 32 (it also opens /dashboard/)}"
export ROUTING_Storage__Provider=postgresql

dotnet build silo -c Release --nologo -v quiet
pids=()
trap 'kill -TERM "${pids[@]}" 2> /dev/null; wait' INT TERM EXIT
mkdir -p logs
for i in 0 1 2; do
  dotnet silo/bin/Release/net10.0/Routing.Silo.dll --Urls="http://127.0.0.1:$((5080 + i))" --Runtime:SiloPort=$((11111 + i)) \
    > "logs/silo-$i.log" 2>&1 &
  pids+=($!)
  echo "silo $i: http://127.0.0.1:$((5080 + i)) (log: logs/silo-$i.log)"
done
echo "dashboard: http://127.0.0.1:5080/dashboard/ (any user name, the bootstrap key as password); Ctrl-C stops the silos"
wait
