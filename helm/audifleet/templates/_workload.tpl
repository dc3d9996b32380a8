{{/*
Deployment, Service, PodDisruptionBudget and autoscaler of one Audifleet service. The three services differ
only in values, so the manifests live here once; extra configuration (.config, a map rendered as
application.yaml) is mounted from a ConfigMap and added to Spring's config locations.
Call with (dict "root" $ "key" "<services key>" "svc" .Values.services.<key> "config" <map or nil>).
*/}}
{{- define "audifleet.workload" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $fullname := include "audifleet.fullname" . -}}
{{- include "audifleet.checkPartitionBound" . -}}
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
  {{- if not (or $svc.autoscaling.enabled $svc.keda.enabled) }}
  {{- /* With an autoscaler the replica count is its to set; an upgrade must not reset it. */}}
  replicas: {{ $svc.replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "audifleet.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "audifleet.labels" . | nindent 8 }}
      {{- $annotations := dict }}
      {{- if $root.Values.metrics.scrapeAnnotations }}
      {{- $_ := merge $annotations (dict "prometheus.io/scrape" "true" "prometheus.io/path" "/actuator/prometheus" "prometheus.io/port" ($svc.port | toString)) }}
      {{- end }}
      {{- if .config }}
      {{- /* Restart the pods when their configuration changes. */}}
      {{- $_ := set $annotations "checksum/config" (toYaml .config | sha256sum) }}
      {{- end }}
      {{- $_ := merge $annotations ($root.Values.podAnnotations | default dict) }}
      {{- with $annotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      {{- include "audifleet.podCommon" (dict "root" $root) | nindent 6 }}
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
            {{- with include "audifleet.kafkaBootstrapEnv" $root | trim }}{{ . | nindent 12 }}{{ end }}
            {{- with include "audifleet.kafkaSpringEnv" . | trim }}{{ . | nindent 12 }}{{ end }}
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
            {{- with include "audifleet.kafkaVolumeMounts" $root | trim }}{{ . | nindent 12 }}{{ end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- if .config }}
        - name: config
          configMap:
            name: {{ $fullname }}
        {{- end }}
        {{- with include "audifleet.kafkaVolumes" $root | trim }}{{ . | nindent 8 }}{{ end }}
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
{{- if $svc.pdb.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "audifleet.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ $svc.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "audifleet.selectorLabels" . | nindent 6 }}
{{- end }}
{{- if $svc.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "audifleet.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $fullname }}
  minReplicas: {{ $svc.autoscaling.minReplicas }}
  maxReplicas: {{ $svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $svc.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- if $svc.keda.enabled }}
---
{{ include "audifleet.scaledObject" . }}
{{- end }}
{{- end -}}
