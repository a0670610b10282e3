// Camino on Azure: App Service (Linux, Node 20), Azure Bot with the Web Chat and Direct Line channels,
// Azure Database for PostgreSQL (flexible server), Key Vault holding every secret, read by the app through
// Key Vault references with its managed identity. Deploy with:
//   az group create -n camino-rg -l westus2
//   az deployment group create -g camino-rg -f deploy/azure/main.bicep -p deploy/azure/main.parameters.json
// See deploy/README.md for the secrets to put in and the steps after it.

@description('Short name used in every resource name (letters and digits).')
@minLength(3)
@maxLength(12)
param name string = 'camino'

param location string = resourceGroup().location

@description('App Service plan size: B1 for a trial, P1v3 or larger for production.')
param appServiceSku string = 'P1v3'

@description('Number of app instances; all share the PostgreSQL database.')
@minValue(1)
param instanceCount int = 2

@description('PostgreSQL administrator login.')
param postgresAdmin string = 'caminoadmin'

@secure()
@description('PostgreSQL administrator password.')
param postgresPassword string

@secure()
@description('32-byte key as 64 hex digits (openssl rand -hex 32): seals transcripts, answers and contact details.')
param dataEncryptionKey string

@secure()
@description('Secret of the self-hosted Direct Line endpoint used by the website widget (at least 32 characters).')
param directLineSecret string

@secure()
@description('Bearer token for /metrics (at least 16 characters).')
param metricsToken string

@description('Other web sites that may embed the chat, comma-separated (https://www.example.com).')
param webchatAllowedOrigins string = ''

var suffix = uniqueString(resourceGroup().id)
var appName = '${name}-${suffix}'
var vaultName = take('${name}kv${suffix}', 24)
var pgName = '${name}-pg-${suffix}'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id-${suffix}'
  location: location
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

// Key Vault Secrets User: the app reads secrets, nothing more.
resource vaultReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, 'secrets-user')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2022-12-01' = {
  name: pgName
  location: location
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: postgresAdmin
    administratorLoginPassword: postgresPassword
    storage: { storageSizeGB: 32 }
    backup: { backupRetentionDays: 14, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2022-12-01' = {
  parent: postgres
  name: 'camino'
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// Lets Azure services (the App Service) reach the server; use a virtual network instead for stricter isolation.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2022-12-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

var secrets = {
  'database-url': 'postgres://${postgresAdmin}:${uriComponent(postgresPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/camino?sslmode=require'
  'data-encryption-key': dataEncryptionKey
  'directline-secret': directLineSecret
  'metrics-token': metricsToken
}

resource vaultSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for item in items(secrets): {
  parent: vault
  name: item.key
  properties: { value: item.value }
}]

resource plan 'Microsoft.Web/serverfarms@2023-01-01' = {
  name: '${name}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku, capacity: instanceCount }
  properties: { reserved: true }
}

var keyVaultRef = 'SecretUri=${vault.properties.vaultUri}secrets/'

resource app 'Microsoft.Web/sites@2023-01-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: true
      webSocketsEnabled: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/readyz'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'PORT', value: '8080' }
        { name: 'WEBSITES_PORT', value: '8080' }
        { name: 'DATA_DIR', value: '/home/data' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'DATABASE_URL', value: '@Microsoft.KeyVault(${keyVaultRef}database-url)' }
        { name: 'DATA_ENCRYPTION_KEY', value: '@Microsoft.KeyVault(${keyVaultRef}data-encryption-key)' }
        { name: 'DIRECTLINE_SECRET', value: '@Microsoft.KeyVault(${keyVaultRef}directline-secret)' }
        { name: 'METRICS_TOKEN', value: '@Microsoft.KeyVault(${keyVaultRef}metrics-token)' }
        { name: 'WEBCHAT_ALLOWED_ORIGINS', value: webchatAllowedOrigins }
        { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
        { name: 'MicrosoftAppId', value: identity.properties.clientId }
        { name: 'MicrosoftAppTenantId', value: subscription().tenantId }
      ]
    }
  }
  dependsOn: [ vaultReader, vaultSecrets ]
}

// The Azure Bot registration: its Web Chat and Direct Line channels call /api/messages with a signed token.
resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'Camino'
    endpoint: 'https://${app.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppTenantId: subscription().tenantId
    msaAppMSIResourceId: identity.id
  }
}

resource webChat 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'WebChatChannel'
  location: 'global'
  properties: {
    channelName: 'WebChatChannel'
    properties: { sites: [ { siteName: 'Default Site', isEnabled: true } ] }
  }
}

resource directLine 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: { sites: [ { siteName: 'Default Site', isEnabled: true, isV1Enabled: false, isV3Enabled: true } ] }
  }
}

output appName string = app.name
output appUrl string = 'https://${app.properties.defaultHostName}'
output botName string = bot.name
output keyVaultName string = vault.name
output postgresHost string = postgres.properties.fullyQualifiedDomainName
