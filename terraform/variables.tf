variable "region" {
  description = "AWS region for every resource (the Elastic Cloud deployment uses the same AWS region)."
  type        = string
  default     = "eu-central-1"
}

variable "environment" {
  description = "Short environment name, part of every resource name (e.g. prod, staging)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment: 2-16 lower-case letters, digits or dashes, starting with a letter."
  }
}

variable "vpc_cidr" {
  description = "Address range of the VPC; split into two public and two private subnets."
  type        = string
  default     = "10.40.0.0/16"
}

variable "container_image" {
  description = "Image built from infra/container/Dockerfile (Payara Micro with chat-api.war and chat-admin-ui.war)."
  type        = string
}

variable "api_task_count" {
  description = "Payara Micro tasks. Live WebSocket pushes reach only sessions on the node that committed the change until cross-node fan-out lands (docs/operations.md); keep 1 until then."
  type        = number
  default     = 1
}

variable "api_cpu" {
  description = "Fargate CPU units per task."
  type        = number
  default     = 2048
}

variable "api_memory" {
  description = "Fargate memory (MiB) per task."
  type        = number
  default     = 4096
}

variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener (the public host name of the API and console)."
  type        = string
}

variable "db_instance_class" {
  type    = string
  default = "db.r6g.large"
}

variable "db_allocated_storage_gb" {
  type    = number
  default = 100
}

variable "db_multi_az" {
  type    = bool
  default = true
}

variable "db_backup_retention_days" {
  type    = number
  default = 14
}

variable "es_version" {
  description = "Elastic Cloud stack version (the API is tested against 9.5)."
  type        = string
  default     = "9.5.3"
}

variable "es_size" {
  description = "Memory per Elasticsearch hot-tier node on Elastic Cloud."
  type        = string
  default     = "8g"
}

variable "es_zone_count" {
  type    = number
  default = 2
}

variable "allowed_upload_origins" {
  description = "Browser origins allowed to PUT to presigned upload URLs (CORS on the media bucket)."
  type        = list(string)
  default     = []
}
