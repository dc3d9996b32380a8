{{/* Chart name, cut to the 63 characters a label value may hold. */}}
{{- define "audifleet.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Resource name for one component: <release>-<component>, unless the release already says audifleet. */}}
{{- define "audifleet.fullname" -}}
{{- $root := .root -}}
{{- if contains (include "audifleet.name" $root) $root.Release.Name -}}
{{- printf "%s-%s" $root.Release.Name .svc.name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s-%s" $root.Release.Name (include "audifleet.name" $root) .svc.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select one component's pods; they must not change between upgrades. */}}
{{- define "audifleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "audifleet.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .svc.name }}
{{- end -}}

{{- define "audifleet.labels" -}}
{{ include "audifleet.selectorLabels" . }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: audifleet
{{- end -}}

{{/* Labels every Audifleet pod of this release carries (NetworkPolicy and monitors select on them). */}}
{{- define "audifleet.releaseLabels" -}}
app.kubernetes.io/name: {{ include "audifleet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "audifleet.image" -}}
{{- $root := .root -}}
{{- $repo := .svc.image -}}
{{- with $root.Values.image.registry }}{{ $repo = printf "%s/%s" (trimSuffix "/" .) $repo }}{{ end -}}
{{- printf "%s:%s" $repo (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}

{{- define "audifleet.serviceAccountName" -}}
{{- if .Values.serviceAccount.name -}}
{{- .Values.serviceAccount.name -}}
{{- else -}}
{{- if contains (include "audifleet.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "audifleet.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
What every pod spec shares: its ServiceAccount without a token, pull secrets, the restricted pod security
context (plus supplementalGroups when given, e.g. the group owning /dev/snd).
Call with (dict "root" $ "supplementalGroups" <list or nil>).
*/}}
{{- define "audifleet.podCommon" -}}
{{- $root := .root -}}
serviceAccountName: {{ include "audifleet.serviceAccountName" $root }}
automountServiceAccountToken: false
# Spring Boot waits up to 30 s per shutdown phase (listener containers, then Tomcat's drain): docs/deploy.md, "Images".
terminationGracePeriodSeconds: 45
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- $security := deepCopy $root.Values.podSecurityContext }}
{{- with .supplementalGroups }}{{ $_ := set $security "supplementalGroups" . }}{{ end }}
securityContext:
  {{- toYaml $security | nindent 2 }}
{{- end -}}

{{/* The bootstrap list: from the Secret when one is named, else the value. */}}
{{- define "audifleet.kafkaBootstrapEnv" -}}
- name: AUDIFLEET_KAFKA_BOOTSTRAP
{{- if .Values.kafka.bootstrapSecret.name }}
  valueFrom:
    secretKeyRef:
      name: {{ .Values.kafka.bootstrapSecret.name }}
      key: {{ .Values.kafka.bootstrapSecret.key }}
{{- else }}
  value: {{ required "kafka.bootstrapServers (or kafka.bootstrapSecret.name) is required" .Values.kafka.bootstrapServers | quote }}
{{- end }}
{{- end -}}

{{- define "audifleet.kafkaUsesSasl" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol }}true{{ end -}}
{{- end -}}

{{/*
A service's Kafka security as Spring Boot's spring.kafka.* properties in relaxed environment form (the
properties of infra/README.md, "A secured broker"); secrets come from the operator's Secrets by reference, and
the JAAS line takes the password through Kubernetes' $(VAR) expansion, so no secret is in the chart's output.
Call with (dict "root" $ "svc" <service values>).
*/}}
{{- define "audifleet.kafkaSpringEnv" -}}
{{- $kafka := .root.Values.kafka -}}
{{- if ne $kafka.securityProtocol "PLAINTEXT" }}
- name: SPRING_KAFKA_SECURITY_PROTOCOL
  value: {{ $kafka.securityProtocol | quote }}
{{- end }}
{{- with $kafka.tls.truststore }}{{ if .existingSecret }}
- name: SPRING_KAFKA_SSL_TRUST_STORE_LOCATION
  value: {{ printf "file:/etc/audifleet/kafka/truststore/%s" .key | quote }}
- name: SPRING_KAFKA_SSL_TRUST_STORE_TYPE
  value: {{ .type | quote }}
- name: SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .existingSecret }}, key: {{ .passwordKey }}}
{{- end }}{{ end }}
{{- with $kafka.tls.keystore }}{{ if .existingSecret }}
- name: SPRING_KAFKA_SSL_KEY_STORE_LOCATION
  value: {{ printf "file:/etc/audifleet/kafka/keystore/%s" .key | quote }}
- name: SPRING_KAFKA_SSL_KEY_STORE_TYPE
  value: {{ .type | quote }}
- name: SPRING_KAFKA_SSL_KEY_STORE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .existingSecret }}, key: {{ .passwordKey }}}
{{- end }}{{ end }}
{{- if include "audifleet.kafkaUsesSasl" .root }}
- name: AUDIFLEET_KAFKA_SASL_USERNAME
  value: {{ .svc.kafkaUser | quote }}
- name: AUDIFLEET_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required with a SASL_* kafka.securityProtocol" $kafka.sasl.existingSecret }}
      key: {{ printf "%s.password" .svc.kafkaUser }}
- name: SPRING_KAFKA_PROPERTIES_SASL_MECHANISM
  value: {{ $kafka.sasl.mechanism | quote }}
- name: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"$(AUDIFLEET_KAFKA_SASL_USERNAME)\" password=\"$(AUDIFLEET_KAFKA_SASL_PASSWORD)\";" (include "audifleet.saslLoginModule" .root) | quote }}
{{- end }}
{{- end -}}

{{- define "audifleet.saslLoginModule" -}}
{{- if hasPrefix "SCRAM-" .Values.kafka.sasl.mechanism -}}
org.apache.kafka.common.security.scram.ScramLoginModule
{{- else -}}
org.apache.kafka.common.security.plain.PlainLoginModule
{{- end -}}
{{- end -}}

{{/* Volumes and mounts of the operator's trust and key stores, read-only. Call with the root context. */}}
{{- define "audifleet.kafkaVolumes" -}}
{{- with .Values.kafka.tls.truststore.existingSecret }}
- name: kafka-truststore
  secret: {secretName: {{ . }}, defaultMode: 0440}
{{- end }}
{{- with .Values.kafka.tls.keystore.existingSecret }}
- name: kafka-keystore
  secret: {secretName: {{ . }}, defaultMode: 0440}
{{- end }}
{{- end -}}

{{- define "audifleet.kafkaVolumeMounts" -}}
{{- if .Values.kafka.tls.truststore.existingSecret }}
- {name: kafka-truststore, mountPath: /etc/audifleet/kafka/truststore, readOnly: true}
{{- end }}
{{- if .Values.kafka.tls.keystore.existingSecret }}
- {name: kafka-keystore, mountPath: /etc/audifleet/kafka/keystore, readOnly: true}
{{- end }}
{{- end -}}

{{/*
The fetcher's origins: the configured ones, plus "demo" when the demo origin is part of the release.
*/}}
{{- define "audifleet.origins" -}}
{{- $origins := deepCopy (.Values.origins | default dict) -}}
{{- if .Values.demoOrigin.enabled -}}
{{- $url := printf "http://%s:%v/" (include "audifleet.fullname" (dict "root" . "svc" (dict "name" "demo-origin"))) .Values.demoOrigin.port -}}
{{- $_ := set $origins "demo" (dict "kind" "chunk-store" "url" $url) -}}
{{- end -}}
{{- toYaml $origins -}}
{{- end -}}

{{/*
More consumers of a topic than it has partitions sit idle (each partition has one consumer in a group), so a
service's replicas and autoscaler maximum may not exceed its input topic's partitions (wire Topics).
*/}}
{{- define "audifleet.checkPartitionBound" -}}
{{- $svc := .svc -}}
{{- if gt (int $svc.replicas) (int $svc.partitions) -}}
{{- fail (printf "services.%s.replicas %v is more than %s's %v partitions: the extra replicas would sit idle" .key $svc.replicas $svc.topic $svc.partitions) -}}
{{- end -}}
{{- if and $svc.autoscaling.enabled (gt (int $svc.autoscaling.maxReplicas) (int $svc.partitions)) -}}
{{- fail (printf "services.%s.autoscaling.maxReplicas %v is more than %s's %v partitions: the extra replicas would sit idle" .key $svc.autoscaling.maxReplicas $svc.topic $svc.partitions) -}}
{{- end -}}
{{- if and $svc.autoscaling.enabled $svc.keda.enabled -}}
{{- fail (printf "services.%s: autoscaling and keda are both enabled; KEDA makes its own HorizontalPodAutoscaler, enable one" .key) -}}
{{- end -}}
{{- if and $svc.autoscaling.enabled (gt (int $svc.autoscaling.minReplicas) (int $svc.autoscaling.maxReplicas)) -}}
{{- fail (printf "services.%s.autoscaling.minReplicas %v is more than its maxReplicas %v" .key $svc.autoscaling.minReplicas $svc.autoscaling.maxReplicas) -}}
{{- end -}}
{{- end -}}

{{/*
The station's Kafka client properties (player-agent --kafka-config). Passwords are not in them: Kafka's
DirectoryConfigProvider reads each from its file in the mounted Secret when the client is made.
*/}}
{{- define "audifleet.stationKafkaProperties" -}}
{{- $kafka := .Values.kafka -}}
security.protocol={{ $kafka.securityProtocol }}
config.providers=secrets
config.providers.secrets.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider
{{- if include "audifleet.kafkaUsesSasl" . }}
sasl.mechanism={{ $kafka.sasl.mechanism }}
sasl.jaas.config={{ include "audifleet.saslLoginModule" . }} required username="{{ .Values.station.kafkaUser }}" password="${secrets:/etc/audifleet/kafka/sasl:{{ .Values.station.kafkaUser }}.password}";
{{- end }}
{{- with $kafka.tls.truststore }}{{ if .existingSecret }}
ssl.truststore.type={{ .type }}
ssl.truststore.location=/etc/audifleet/kafka/truststore/{{ .key }}
ssl.truststore.password=${secrets:/etc/audifleet/kafka/truststore:{{ .passwordKey }}}
{{- end }}{{ end }}
{{- with $kafka.tls.keystore }}{{ if .existingSecret }}
ssl.keystore.type={{ .type }}
ssl.keystore.location=/etc/audifleet/kafka/keystore/{{ .key }}
ssl.keystore.password=${secrets:/etc/audifleet/kafka/keystore:{{ .passwordKey }}}
{{- end }}{{ end }}
{{- end -}}
