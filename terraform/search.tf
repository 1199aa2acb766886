# Elasticsearch 9 on Elastic Cloud in the same AWS region. The API authenticates with an API key created
# once after the deployment (runbook in README.md) and stored in the secret below.
data "ec_stack" "selected" {
  version_regex = replace(var.es_version, ".", "\\.")
  region        = "aws-${var.region}"
}

resource "ec_deployment" "search" {
  name                   = local.name
  region                 = "aws-${var.region}"
  version                = data.ec_stack.selected.version
  deployment_template_id = "aws-storage-optimized"

  elasticsearch = {
    hot = {
      size        = var.es_size
      zone_count  = var.es_zone_count
      autoscaling = {}
    }
  }
}

resource "aws_secretsmanager_secret" "es_api_key" {
  name                    = "${local.name}/es-api-key"
  recovery_window_in_days = 7
}
