#!/usr/bin/env bash
# Creates the database owner's secret platform-db-credentials in a namespace (deploy/README.md, "Secrets"): username
# cardplatform and a random password. CloudNativePG creates the owner's role from it (bootstrap.initdb.secret), so it
# is of Kubernetes' basic-auth secret type, which the operator requires; the services read the same keys.
# Usage: deploy/k8s/create-db-credentials.sh <namespace>
set -euo pipefail
ns=${1:?usage: $0 <namespace>}
kubectl -n "$ns" create secret generic platform-db-credentials --type=kubernetes.io/basic-auth \
  --from-literal=username=cardplatform --from-literal=password="$(openssl rand -base64 32)"
