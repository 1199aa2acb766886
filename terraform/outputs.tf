output "load_balancer_dns" {
  description = "Point the certificate's host name (CNAME/alias) here."
  value       = aws_lb.main.dns_name
}

output "media_bucket" {
  value = aws_s3_bucket.media.bucket
}

output "database_address" {
  value = aws_db_instance.main.address
}

output "database_master_secret_arn" {
  description = "RDS-managed secret with the schema owner's password (used once to create the application role)."
  value       = aws_db_instance.main.master_user_secret[0].secret_arn
}

output "app_db_secret_arn" {
  value = aws_secretsmanager_secret.app_db.arn
}

output "es_api_key_secret_arn" {
  description = "Put the Elasticsearch API key here after the deployment (README.md)."
  value       = aws_secretsmanager_secret.es_api_key.arn
}

output "elasticsearch_endpoint" {
  value = ec_deployment.search.elasticsearch.https_endpoint
}
