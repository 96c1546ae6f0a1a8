{{/* The exporter's Service: <resource>-metrics (MetricsService in redis-k8s-renderer). */}}
{{- define "qs-redis.metricsServices" -}}
{{ include "qs-redis.name" . }}-metrics
{{- end -}}
