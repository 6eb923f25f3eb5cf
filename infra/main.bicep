// TalentFunctions in Azure: a Linux Function App on the Flex Consumption plan (FC1) running the app as a
// custom handler, with its Storage account, Application Insights and a Key Vault for the secrets.
// Deploy: see infra/README.md. The app settings below are cross-checked against the settings the app binds
// (TalentFunctions.Functions.Hosting.AppSettings) by tests/TalentFunctions.Functions.Tests/Hosting.

targetScope = 'resourceGroup'

@description('Base name of the resources (letters, digits, hyphens).')
@minLength(3)
@maxLength(24)
param appName string = 'talentfunctions'

@description('Azure region; must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Public base URL that links in emails start with (the app URL, or a custom domain).')
param publicBaseUrl string = 'https://${appName}.azurewebsites.net'

@description('Origins allowed to PUT blocks to Blob Storage from a browser (upload SAS). Empty: the origin of publicBaseUrl.')
param uploadAllowedOrigins array = []

@description('Sender address of the emails (verified in SendGrid).')
param fromEmail string

@description('Display name of the sender.')
param fromName string = 'TalentFunctions Programs'

@description('SendGrid API key. Empty: emails are written to the mailbox blob container instead of being sent.')
@secure()
param sendGridApiKey string = ''

@description('HMAC key for signed mentor/offer links: Base64 of at least 32 random bytes (openssl rand -base64 48).')
@secure()
param linkSigningKey string

@description('Staff API key (X-Api-Key), at least 24 characters.')
@secure()
param staffApiKey string

@description('Upper bound of Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance (MB).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

var suffix = uniqueString(resourceGroup().id, appName)
var storageAccountName = toLower('st${take(replace(appName, '-', ''), 9)}${take(suffix, 13)}')
var keyVaultName = 'kv-${take(replace(appName, '-', ''), 8)}-${take(suffix, 12)}'
var deploymentContainerName = 'app-package'
var publicOrigin = 'https://${split(replace(publicBaseUrl, 'https://', ''), '/')[0]}'
var corsOrigins = empty(uploadAllowedOrigins) ? [publicOrigin] : uploadAllowedOrigins

// The containers of uploads and of the dev mailbox, and the application tables (the app also creates any that are
// missing when it starts). The Durable engine creates its own task hub queues, tables and containers.
var containerNames = ['materials', 'mailbox', deploymentContainerName]
var tableNames = ['Applications', 'ApplicationIndex', 'Applicants', 'MentorLoad', 'Idempotency']

// Built-in role definition ids.
var roles = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Host and app reach the account with the managed identity; upload/read links are user delegation SAS.
    allowSharedKeyAccess: false
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    cors: {
      corsRules: [
        {
          // Browsers upload materials straight to Blob Storage with a short-lived write-only SAS (Put Block / Put Block List).
          allowedOrigins: corsOrigins
          allowedMethods: ['PUT', 'GET', 'HEAD', 'OPTIONS']
          allowedHeaders: ['*']
          exposedHeaders: ['ETag', 'x-ms-request-id', 'x-ms-version', 'Content-Length', 'Content-MD5']
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for name in containerNames: {
  parent: blobService
  name: name
  properties: {
    publicAccess: 'None'
  }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for name in tableNames: {
  parent: tableService
  name: name
}]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${appName}-${take(suffix, 6)}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${appName}-${take(suffix, 6)}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
  }
}

resource linkSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'LinkSigningKey'
  properties: {
    value: linkSigningKey
  }
}

resource staffApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'StaffApiKey'
  properties: {
    value: staffApiKey
  }
}

resource sendGridApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sendGridApiKey)) {
  parent: keyVault
  name: 'SendGridApiKey'
  properties: {
    value: sendGridApiKey
  }
}


resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${appName}-${take(suffix, 6)}'
  location: location
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // FUNCTIONS_WORKER_RUNTIME=custom: on Flex Consumption the worker runtime is set here, not as an app
      // setting (the plan rejects FUNCTIONS_WORKER_RUNTIME in appSettings).
      runtime: {
        name: 'custom'
        version: '1.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        {
          // One identity-based connection for the Functions host (queue triggers, timers' locks) and the app's
          // Azure SDK clients (tables, blobs, queues; user delegation SAS for uploads and mentor reads).
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'Staff__ApiKey'
          value: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=${staffApiKeySecret.name})'
        }
        {
          name: 'Links__SigningKey'
          value: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=${linkSigningKeySecret.name})'
        }
        {
          name: 'Links__PublicBaseUrl'
          value: publicBaseUrl
        }
        {
          name: 'Email__SendGridApiKey'
          value: empty(sendGridApiKey) ? '' : '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=SendGridApiKey)'
        }
        {
          name: 'Email__SendGridBaseUrl'
          value: 'https://api.sendgrid.com/'
        }
        {
          name: 'Email__FromEmail'
          value: fromEmail
        }
        {
          name: 'Email__FromName'
          value: fromName
        }
      ]
    }
  }
  dependsOn: [
    sendGridApiKeySecret
  ]
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, functionApp.id, roles.storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, functionApp.id, roles.storageQueueDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, functionApp.id, roles.storageTableDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, functionApp.id, roles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output functionAppName string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output storageAccountName string = storage.name
output keyVaultName string = keyVault.name
output applicationInsightsName string = appInsights.name
