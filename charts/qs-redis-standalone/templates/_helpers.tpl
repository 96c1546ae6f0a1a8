{{- /*
Shared by qs-redis-standalone, qs-redis-sentinel and qs-redis-cluster. Helm has no way to share templates between
charts without a library-chart dependency (and a `helm dependency build` before every install), so each chart keeps a
copy of this file and SharedHelpersTest keeps the three copies identical: change all three together.
*/ -}}

{{/* The custom resource's name; the operator appends up to 21 characters (-follower-additional) to it. */}}
{{- define "qs-redis.name" -}}
{{- .Release.Name | trunc 42 | trimSuffix "-" -}}
{{- end -}}

{{/* The recommended labels of every object this chart renders. Call with (dict "ctx" $ "component" "..."). */}}
{{- define "qs-redis.labels" -}}
app.kubernetes.io/name: {{ .ctx.Chart.Name }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: qs-redis
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- /*
The labels the operator puts on every pod (and Service) of this release's resources, whatever its kind or role:
Labels.all in redis-k8s-renderer (io.qsredis.renderer.model.Labels) sets app.kubernetes.io/instance to the
resource's name and app.kubernetes.io/managed-by to qs-redis-operator, over the resource's own labels.
*/ -}}
{{- define "qs-redis.podLabels" -}}
app.kubernetes.io/instance: {{ include "qs-redis.name" . }}
app.kubernetes.io/managed-by: qs-redis-operator
{{- end -}}

{{/* The Secret holding the password: the user's (auth.existingSecret), or the one this chart creates. */}}
{{- define "qs-redis.secretName" -}}
{{- if .Values.auth.existingSecret -}}
{{- .Values.auth.existingSecret -}}
{{- else -}}
{{- printf "%s-auth" (include "qs-redis.name" .) -}}
{{- end -}}
{{- end -}}

{{/* The key of the password in that Secret: auth.existingSecretKey in the user's, "password" in the chart's own. */}}
{{- define "qs-redis.secretKey" -}}
{{- if .Values.auth.existingSecret -}}
{{- .Values.auth.existingSecretKey -}}
{{- else -}}
password
{{- end -}}
{{- end -}}

{{- /*
The chart's own Secret, base64: auth.password when given; else, on `helm upgrade`, the password this release's Secret
already holds (lookup), so that it survives upgrades; else a new random one. Only an upgrade looks: an install
cannot take over an existing Secret anyway (Helm refuses objects it does not own), and `helm template` (or
helm-java's, which asks the API server) has no cluster to ask, so it prints a fresh password each run.
*/ -}}
{{- define "qs-redis.encodedPassword" -}}
{{- if .Values.auth.password -}}
{{- .Values.auth.password | b64enc -}}
{{- else -}}
{{- $existing := dict -}}
{{- if .Release.IsUpgrade -}}
{{- $existing = lookup "v1" "Secret" .Release.Namespace (include "qs-redis.secretName" .) -}}
{{- end -}}
{{- $data := dig "data" "password" "" $existing -}}
{{- if $data -}}
{{- $data -}}
{{- else -}}
{{- randAlphaNum 32 | b64enc -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "qs-redis.secret" -}}
{{- if and .Values.auth.enabled (not .Values.auth.existingSecret) }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "qs-redis.secretName" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "qs-redis.labels" (dict "ctx" . "component" "auth") | nindent 4 }}
type: Opaque
data:
  password: {{ include "qs-redis.encodedPassword" . | quote }}
{{- end }}
{{- end -}}

{{/* kubernetesConfig without the password: the image, its pull settings and the Redis container's resources. */}}
{{- define "qs-redis.image" -}}
image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
imagePullPolicy: {{ .Values.image.pullPolicy }}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.resources }}
resources:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* kubernetesConfig.redisSecret: the servers require the password (requirepass, masterauth). */}}
{{- define "qs-redis.redisSecret" -}}
{{- if .Values.auth.enabled }}
redisSecret:
  name: {{ include "qs-redis.secretName" . }}
  key: {{ include "qs-redis.secretKey" . }}
{{- end }}
{{- end -}}

{{/* spec.TLS: the release's TLS Secret, in cert-manager's layout (the API's default key names). */}}
{{- define "qs-redis.tls" -}}
{{- with .Values.tls.existingSecret }}
TLS:
  secret:
    secretName: {{ . }}
{{- end }}
{{- end -}}

{{/* spec.acl: the Secret holding the ACL file (key user.acl); a RedisSentinel has none. */}}
{{- define "qs-redis.acl" -}}
{{- with .Values.acl.existingSecret }}
acl:
  secret:
    secretName: {{ . }}
{{- end }}
{{- end -}}

{{/* Pod-level settings the spec carries at its top on every kind. */}}
{{- define "qs-redis.podSettings" -}}
{{- with .Values.podSecurityContext }}
podSecurityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end -}}

{{- /*
Where the pods run: at the top of a Redis, RedisReplication or RedisSentinel spec, per role in a RedisCluster's.
An empty affinity leaves the operator's default, soft anti-affinity over kubernetes.io/hostname between the pods
of each StatefulSet (and cluster followers away from leaders): PodDefaults.spread in redis-k8s-renderer.
*/ -}}
{{- define "qs-redis.placement" -}}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.securityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The data volume claim; without persistence /data is an emptyDir. */}}
{{- define "qs-redis.volumeClaim" -}}
spec:
  accessModes: [ReadWriteOnce]
  {{- with .Values.persistence.storageClass }}
  storageClassName: {{ . }}
  {{- end }}
  resources:
    requests:
      storage: {{ .Values.persistence.size }}
{{- end -}}

{{- define "qs-redis.exporter" -}}
{{- if .Values.metrics.enabled }}
redisExporter:
  enabled: true
  image: "{{ .Values.metrics.image.repository }}:{{ .Values.metrics.image.tag }}"
  imagePullPolicy: {{ .Values.metrics.image.pullPolicy }}
  {{- with .Values.metrics.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end -}}

{{- define "qs-redis.requireExporter" -}}
{{- $watchers := list .Values.metrics.serviceMonitor.enabled .Values.metrics.prometheusRule.enabled .Values.metrics.grafanaDashboard.enabled }}
{{- if and (has true $watchers) (not .Values.metrics.enabled) }}
{{- fail "metrics.serviceMonitor.enabled, metrics.prometheusRule.enabled and metrics.grafanaDashboard.enabled need metrics.enabled=true: they watch the exporter" }}
{{- end }}
{{- end -}}

{{- /*
A ServiceMonitor on the exporter's port (redis-exporter, 9121) of every -metrics Service of this release: those
Services carry the pod labels above (MetricsService in redis-k8s-renderer), and only they have that port.
*/ -}}
{{- define "qs-redis.serviceMonitor" -}}
{{- include "qs-redis.requireExporter" . }}
{{- if .Values.metrics.serviceMonitor.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "qs-redis.name" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "qs-redis.labels" (dict "ctx" . "component" "metrics") | nindent 4 }}
    {{- with .Values.metrics.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "qs-redis.podLabels" . | nindent 6 }}
  endpoints:
    - port: redis-exporter
      path: /metrics
      interval: {{ .Values.metrics.serviceMonitor.interval }}
      {{- with .Values.metrics.serviceMonitor.scrapeTimeout }}
      scrapeTimeout: {{ . }}
      {{- end }}
{{- end }}
{{- end -}}

{{- /*
The PromQL matchers of this release's series: its namespace, and the `service` label Prometheus gives each series
scraped through a -metrics Service; "qs-redis.metricsServices" (each chart's _metrics.tpl) is the regex of their names.
*/ -}}
{{- define "qs-redis.metricsSelector" -}}
namespace="{{ .Release.Namespace }}",service=~"{{ include "qs-redis.metricsServices" . }}"
{{- end -}}

{{- /*
The PrometheusRule: the rules every shape shares, then the shape's own (call with (dict "ctx" $ "rules"
LIST-OF-RULE-TEMPLATE-NAMES); each rule template gets (dict "ctx" $ "sel" MATCHERS)).
*/ -}}
{{- define "qs-redis.prometheusRule" -}}
{{- $ := .ctx -}}
{{- include "qs-redis.requireExporter" $ }}
{{- if $.Values.metrics.prometheusRule.enabled }}
{{- $sel := include "qs-redis.metricsSelector" $ }}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ include "qs-redis.name" $ }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "qs-redis.labels" (dict "ctx" $ "component" "metrics") | nindent 4 }}
    {{- with $.Values.metrics.prometheusRule.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  groups:
    - name: {{ include "qs-redis.name" $ }}.rules
      rules:
        - alert: RedisDown
          expr: redis_up{ {{- $sel -}} } == 0
          for: 1m
          labels:
            severity: critical
          annotations:
            summary: "Redis {{ "{{" }} $labels.pod {{ "}}" }} is down"
            description: "The exporter of {{ "{{" }} $labels.pod {{ "}}" }} in {{ $.Release.Namespace }} cannot reach its Redis server."
        - alert: RedisMemoryNearMaxmemory
          expr: redis_memory_used_bytes{ {{- $sel -}} } / (redis_memory_max_bytes{ {{- $sel -}} } > 0) > {{ $.Values.metrics.prometheusRule.memoryThreshold }}
          for: 5m
          labels:
            severity: warning
          annotations:
            summary: "Redis {{ "{{" }} $labels.pod {{ "}}" }} uses more than {{ mulf $.Values.metrics.prometheusRule.memoryThreshold 100 }}% of its maxmemory"
            description: "Past maxmemory Redis evicts keys or refuses writes, as its maxmemory-policy says."
        {{- range .rules }}
        {{- include . (dict "ctx" $ "sel" $sel) | nindent 8 }}
        {{- end }}
{{- end }}
{{- end -}}

{{- define "qs-redis.rule.replicationLinkDown" -}}
- alert: RedisReplicationLinkDown
  expr: redis_master_link_up{ {{- .sel -}} } == 0
  for: 2m
  labels:
    severity: critical
  annotations:
    summary: "Replica {{ "{{" }} $labels.pod {{ "}}" }} lost its master"
    description: "The replica's link to its master is down: it serves stale data and cannot take over."
{{- end -}}

{{- define "qs-redis.rule.failoverHappened" -}}
- alert: RedisFailoverHappened
  expr: redis_instance_info{ {{- .sel -}} ,role="master"} and on (pod) (redis_instance_info{ {{- .sel -}} ,role="slave"} offset 10m)
  labels:
    severity: info
  annotations:
    summary: "{{ "{{" }} $labels.pod {{ "}}" }} became a master within the last 10 minutes"
    description: "A replica was promoted (a failover or a planned hand-over); see the resource's Events for why."
{{- end -}}

{{- /*
A NetworkPolicy on every pod of this release: the release's own pods reach each other on every port (replication,
Sentinel gossip, the cluster bus 16379); the operator always reaches them; pods carrying
networkPolicy.clientLabels reach the client ports (call with (dict "ctx" $ "clientPorts" LIST)); the exporter's port
is open when metrics are on, for Prometheus.
*/ -}}
{{- define "qs-redis.networkPolicy" -}}
{{- $ := .ctx -}}
{{- if $.Values.networkPolicy.enabled }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "qs-redis.name" $ }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "qs-redis.labels" (dict "ctx" $ "component" "network-policy") | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "qs-redis.podLabels" $ | nindent 6 }}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              {{- include "qs-redis.podLabels" $ | nindent 14 }}
    - from:
        - namespaceSelector:
            {{- if $.Values.networkPolicy.operatorNamespace }}
            matchLabels:
              kubernetes.io/metadata.name: {{ $.Values.networkPolicy.operatorNamespace }}
            {{- else }}
            {}
            {{- end }}
          podSelector:
            matchLabels:
              {{- /* the operator pod's label: qs-redis-operator.selectorLabels in the qs-redis-operator-ot chart */}}
              app.kubernetes.io/name: qs-redis-operator
    - from:
        - podSelector:
            matchLabels:
              {{- include "qs-redis.clientLabels" $ | nindent 14 }}
      ports:
        {{- range .clientPorts }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
    {{- if $.Values.metrics.enabled }}
    - ports:
        - port: 9121
          protocol: TCP
    {{- end }}
{{- end }}
{{- end -}}

{{/* The labels a client pod carries to pass the NetworkPolicy: networkPolicy.clientLabels, else <name>-client: "true". */}}
{{- define "qs-redis.clientLabels" -}}
{{- if .Values.networkPolicy.clientLabels -}}
{{- toYaml .Values.networkPolicy.clientLabels -}}
{{- else -}}
{{ include "qs-redis.name" . }}-client: "true"
{{- end -}}
{{- end -}}
{{- define "qs-redis.notes.password" -}}
{{- if .Values.auth.enabled }}
The password is in the Secret {{ include "qs-redis.secretName" . }}, key {{ include "qs-redis.secretKey" . }}:

  export REDIS_PASSWORD=$(kubectl get secret --namespace {{ .Release.Namespace }} {{ include "qs-redis.secretName" . }} -o jsonpath='{.data.{{ include "qs-redis.secretKey" . }}}' | base64 -d)
{{- else }}
Authentication is off (auth.enabled=false): any client that reaches the pods can read and write.
{{- end }}
{{- if .Values.networkPolicy.enabled }}

A NetworkPolicy is on: only pods labelled {{ include "qs-redis.clientLabels" . | replace ": " "=" | replace "\"" "" }} in {{ .Release.Namespace }} reach Redis.
{{- end }}
{{- with .Values.tls.existingSecret }}

TLS is on: clients connect with TLS (redis-cli --tls --cacert ca.crt, redis-py ssl=True) and trust ca.crt of the Secret {{ . }}.
{{- end }}
{{- end -}}

{{- /*
A Grafana dashboard of this release's exporters, in a ConfigMap labelled for Grafana's dashboard sidecar
(metrics.grafanaDashboard.labels; grafana_dashboard: "1" is kube-prometheus-stack's default).
*/ -}}
{{- define "qs-redis.grafanaDashboard" -}}
{{- include "qs-redis.requireExporter" . }}
{{- if .Values.metrics.grafanaDashboard.enabled }}
{{- $sel := include "qs-redis.metricsSelector" . }}
{{- $panels := list
    (list "Redis up" (printf "redis_up{%s}" $sel) "none")
    (list "Memory used" (printf "redis_memory_used_bytes{%s}" $sel) "bytes")
    (list "Commands per second" (printf "rate(redis_commands_processed_total{%s}[1m])" $sel) "ops")
    (list "Connected clients" (printf "redis_connected_clients{%s}" $sel) "none")
    (list "Replication link up" (printf "redis_master_link_up{%s}" $sel) "none")
    (list "Keys" (printf "sum by (pod) (redis_db_keys{%s})" $sel) "none") }}
{{- $rendered := list }}
{{- range $i, $panel := $panels }}
{{- $target := dict "expr" (index $panel 1) "legendFormat" "{{pod}}" "refId" "A" }}
{{- $grid := dict "h" 8 "w" 12 "x" (mul (mod $i 2) 12) "y" (mul (div $i 2) 8) }}
{{- $rendered = append $rendered (dict "id" (add $i 1) "type" "timeseries" "title" (index $panel 0) "gridPos" $grid
    "targets" (list $target) "fieldConfig" (dict "defaults" (dict "unit" (index $panel 2)) "overrides" list)) }}
{{- end }}
{{- $dashboard := dict "title" (printf "Redis %s/%s" .Release.Namespace (include "qs-redis.name" .)) "uid" (printf "%s-%s" .Release.Namespace (include "qs-redis.name" .) | sha256sum | trunc 12)
    "schemaVersion" 39 "time" (dict "from" "now-6h" "to" "now") "refresh" "30s" "tags" (list "redis" "qs-redis") "panels" $rendered }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "qs-redis.name" . }}-dashboard
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "qs-redis.labels" (dict "ctx" . "component" "metrics") | nindent 4 }}
    {{- with .Values.metrics.grafanaDashboard.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
data:
  {{ include "qs-redis.name" . }}.json: {{ toJson $dashboard | quote }}
{{- end }}
{{- end -}}
