{{- define "qs-redis-operator.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "qs-redis-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "qs-redis-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The operator pod's labels; the data charts' NetworkPolicy lets pods with app.kubernetes.io/name: qs-redis-operator in. */}}
{{- define "qs-redis-operator.selectorLabels" -}}
app.kubernetes.io/name: qs-redis-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "qs-redis-operator.labels" -}}
{{ include "qs-redis-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: qs-redis
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* watchNamespace as a list, blanks dropped. */}}
{{- define "qs-redis-operator.watchedNamespaces" -}}
{{- $names := list -}}
{{- range splitList "," .Values.watchNamespace -}}
{{- if trim . -}}
{{- $names = append $names (trim .) -}}
{{- end -}}
{{- end -}}
{{- toJson $names -}}
{{- end -}}

{{- /*
What the operator does in a namespace it watches, and no more. It never needs pods/exec: every Redis command goes
over the Redis protocol. The ClusterRole adds nodes: get, which a Role cannot grant.
*/ -}}
{{- define "qs-redis-operator.namespacedRules" -}}
- apiGroups: [redis.redis.opstreelabs.in]
  resources: [redis, redisreplications, redissentinels, redisclusters]
  verbs: [get, list, watch, update, patch]
- apiGroups: [redis.redis.opstreelabs.in]
  resources: [redis/status, redisreplications/status, redissentinels/status, redisclusters/status,
              redis/finalizers, redisreplications/finalizers, redissentinels/finalizers, redisclusters/finalizers]
  verbs: [get, update, patch]
- apiGroups: [apps]
  resources: [statefulsets]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [services, configmaps]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [secrets]
  # create/update: only the operator's own <name>-<kind>-<purpose>-passwords Secrets (the password history that
  # lets a rotation resume after an operator restart); the user's Secrets are only read.
  verbs: [get, list, watch, create, update]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch, patch, delete]
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  # patch: a larger storage request expands each PVC; delete: the finalizer removes the data unless kept.
  verbs: [get, list, watch, patch, delete]
- apiGroups: [policy]
  resources: [poddisruptionbudgets]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: ["", events.k8s.io]
  resources: [events]
  verbs: [create, patch]
{{- end -}}

{{/* The leader-election Lease, in the release's namespace (--lease-namespace defaults to POD_NAMESPACE). */}}
{{- define "qs-redis-operator.leaseRules" -}}
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [get, list, watch, create, update, patch]
{{- end -}}
