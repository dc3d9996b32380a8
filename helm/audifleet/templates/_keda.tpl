{{/*
KEDA ScaledObject on the consumer group's lag of the service's input topic. KEDA's Kafka scaler itself never
goes past the topic's partitions (allowIdleConsumers false); maxReplicaCount is the same bound, written down.
Call like audifleet.workload.
*/}}
{{- define "audifleet.scaledObject" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $kafka := $root.Values.kafka -}}
{{- $fullname := include "audifleet.fullname" . -}}
{{- $auth := or (include "audifleet.kafkaUsesSasl" $root) $kafka.tls.truststore.existingSecret -}}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "audifleet.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    name: {{ $fullname }}
  minReplicaCount: {{ $svc.autoscaling.minReplicas }}
  maxReplicaCount: {{ min (int $svc.autoscaling.maxReplicas) (int $svc.partitions) }}
  triggers:
    - type: kafka
      metadata:
        {{- if $kafka.bootstrapSecret.name }}
        bootstrapServersFromEnv: AUDIFLEET_KAFKA_BOOTSTRAP
        {{- else }}
        bootstrapServers: {{ $kafka.bootstrapServers | quote }}
        {{- end }}
        consumerGroup: {{ $svc.consumerGroup }}
        topic: {{ $svc.topic }}
        lagThreshold: {{ $svc.keda.lagThreshold | quote }}
        allowIdleConsumers: "false"
        {{- if include "audifleet.kafkaUsesSasl" $root }}
        {{- /* KEDA's names: plaintext, scram_sha256, scram_sha512. */}}
        sasl: {{ eq $kafka.sasl.mechanism "PLAIN" | ternary "plaintext" ($kafka.sasl.mechanism | lower | replace "-sha-" "_sha") | quote }}
        {{- end }}
        {{- if hasSuffix "SSL" $kafka.securityProtocol }}
        tls: enable
        {{- end }}
      {{- if $auth }}
      authenticationRef:
        name: {{ $fullname }}
      {{- end }}
{{- if $auth }}
---
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "audifleet.labels" . | nindent 4 }}
spec:
  {{- if include "audifleet.kafkaUsesSasl" $root }}
  # The user name is the one the service's container logs in with.
  env:
    - {parameter: username, name: AUDIFLEET_KAFKA_SASL_USERNAME, containerName: {{ $svc.name }}}
  {{- end }}
  secretTargetRef:
    {{- if include "audifleet.kafkaUsesSasl" $root }}
    - {parameter: password, name: {{ $kafka.sasl.existingSecret }}, key: {{ printf "%s.password" $svc.kafkaUser }}}
    {{- end }}
    {{- with $kafka.tls.truststore }}{{ if .existingSecret }}
    - {parameter: ca, name: {{ .existingSecret }}, key: {{ .caCertKey }}}
    {{- end }}{{ end }}
{{- end }}
{{- end -}}
