{{/* The replication's exporter Service: <resource>-metrics (MetricsService in redis-k8s-renderer); the Sentinels have no exporter. */}}
{{- define "qs-redis.metricsServices" -}}
{{ include "qs-redis.name" . }}-metrics
{{- end -}}
