{{/* Chart name, cut to the 63 characters a label value may hold. */}}
{{- define "audifleet.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Resource name for one service: <release>-<service>, unless the release already says audifleet. */}}
{{- define "audifleet.fullname" -}}
{{- $root := .root -}}
{{- if contains (include "audifleet.name" $root) $root.Release.Name -}}
{{- printf "%s-%s" $root.Release.Name .svc.name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s-%s" $root.Release.Name (include "audifleet.name" $root) .svc.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select one service's pods; they must not change between upgrades. */}}
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

{{- define "audifleet.image" -}}
{{- $root := .root -}}
{{- $repo := .svc.image -}}
{{- with $root.Values.image.registry }}{{ $repo = printf "%s/%s" (trimSuffix "/" .) $repo }}{{ end -}}
{{- printf "%s:%s" $repo (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}

{{/*
Deployment and Service of one Audifleet service. The three services differ only in values, so the
manifests live here once; extra configuration (.config, a map rendered as application.yaml) is
mounted from a ConfigMap and added to Spring's config locations.
Call with (dict "root" $ "svc" .Values.services.<key> "config" <map or nil>).
*/}}
{{- define "audifleet.workload" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $fullname := include "audifleet.fullname" . -}}
{{- if .config }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "audifleet.labels" . | nindent 4 }}
data:
  application.yaml: |
    {{- toYaml .config | nindent 4 }}
---
{{- end }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "audifleet.labels" . | nindent 4 }}
spec:
  replicas: {{ $svc.replicas }}
  selector:
    matchLabels:
      {{- include "audifleet.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "audifleet.labels" . | nindent 8 }}
      annotations:
        {{- if $root.Values.metrics.scrapeAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/path: /actuator/prometheus
        prometheus.io/port: {{ $svc.port | quote }}
        {{- end }}
        {{- if .config }}
        {{- /* Restart the pods when their configuration changes. */}}
        checksum/config: {{ toYaml .config | sha256sum }}
        {{- end }}
        {{- with $root.Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ $svc.name }}
          image: {{ include "audifleet.image" . | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ $svc.port }}
              protocol: TCP
          env:
            - name: PORT
              value: {{ $svc.port | quote }}
            - name: AUDIFLEET_KAFKA_BOOTSTRAP
              value: {{ required "kafka.bootstrapServers is required" $root.Values.kafka.bootstrapServers | quote }}
            - name: JAVA_TOOL_OPTIONS
              value: {{ $root.Values.javaToolOptions | quote }}
            {{- if .config }}
            - name: SPRING_CONFIG_ADDITIONAL_LOCATION
              value: "optional:file:/config/"
            {{- end }}
            {{- range $name, $value := $svc.env }}
            - name: {{ $name }}
              value: {{ $value | quote }}
            {{- end }}
          startupProbe:
            httpGet: {path: /actuator/health/liveness, port: http}
            periodSeconds: {{ $root.Values.probes.startup.periodSeconds }}
            failureThreshold: {{ $root.Values.probes.startup.failureThreshold }}
          livenessProbe:
            httpGet: {path: /actuator/health/liveness, port: http}
            periodSeconds: {{ $root.Values.probes.liveness.periodSeconds }}
            failureThreshold: {{ $root.Values.probes.liveness.failureThreshold }}
          readinessProbe:
            httpGet: {path: /actuator/health/readiness, port: http}
            periodSeconds: {{ $root.Values.probes.readiness.periodSeconds }}
            failureThreshold: {{ $root.Values.probes.readiness.failureThreshold }}
          resources:
            {{- toYaml $svc.resources | nindent 12 }}
          volumeMounts:
            # A read-only root file system still needs somewhere for the JVM's and Tomcat's temp files.
            - name: tmp
              mountPath: /tmp
            {{- if .config }}
            - name: config
              mountPath: /config
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- if .config }}
        - name: config
          configMap:
            name: {{ $fullname }}
        {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "audifleet.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "audifleet.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ $svc.port }}
      targetPort: http
      protocol: TCP
{{- end -}}
