// TalentFunctions in Azure: a Linux Function App on the Flex Consumption plan (FC1) running the .NET 10 isolated
// worker with Durable Functions (Azure Storage backend), its Storage account, Application Insights with alert rules,
// and a Key Vault for the secrets.
// Deploy: see infra/README.md. The app settings below are cross-checked against the settings the app binds by the
// tests under tests/TalentFunctions.Functions.Tests/Hosting (they read the appSettings array with a regex: keep each
// entry as `name: '...'` followed on the next line by `value: ...`).

targetScope = 'resourceGroup'

@description('Base name of the resources (letters, digits, hyphens).')
@minLength(3)
@maxLength(24)
param appName string = 'talentfunctions'

@description('Azure region; must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
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

@description('Azure AI Translator key (machine translation of the texts mentors read). Empty: no translation; mentors read the original.')
@secure()
param translatorKey string = ''

@description('Azure AI Translator text endpoint (the global one, or a geography\'s such as https://api-apc.cognitive.microsofttranslator.com/).')
param translatorEndpoint string = 'https://api.cognitive.microsofttranslator.com/'

@description('Region of the Translator resource (Ocp-Apim-Subscription-Region); required for regional and multi-service resources, empty for a global one.')
param translatorRegion string = ''

@description('HMAC key for signed mentor/offer links: Base64 of at least 32 random bytes (openssl rand -base64 48).')
@secure()
param linkSigningKey string

@description('Staff API key (X-Api-Key), at least 24 characters.')
@secure()
param staffApiKey string

@description('Staff who sign in to the console at /console with an emailed one-time link: [{ email: \'…\', role: \'reader|decider|admin\', name: \'…\' }] (name optional).')
param staffMembers array = []

@description('Durable task hub name (app setting DurableTaskHubName): 3-45 letters and digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'TalentFunctions'

@description('Upper bound of Flex Consumption instances (the plan currently accepts 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance (MB).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the Durable group (orchestrator and activity functions). The Durable docs recommend 1 on Flex Consumption; 0 scales the group to zero (cheaper, slower to pick up work after idle).')
@minValue(0)
@maxValue(20)
param durableAlwaysReadyInstances int = 1

@description('Email address that receives the alerts (action group email receiver).')
param alertEmail string

@description('Turns both alert rules on or off.')
param alertsEnabled bool = true

@description('Log query (Application Insights tables) of the failed-executions alert; every row it returns counts.')
param failedExecutionsQuery string = '''
requests
| where success == false
| where isnull(toint(resultCode)) or toint(resultCode) !between (400 .. 499)
| project timestamp, operation_Name, resultCode, cloud_RoleInstance, operation_Id
'''

@description('The failed-executions alert fires when the query returns more rows than this in one window.')
@minValue(0)
param failedExecutionsThreshold int = 0

@description('Log query (Application Insights tables) of the NeedsAttention alert; every row it returns counts.')
param needsAttentionQuery string = '''
traces
| where tostring(customDimensions.EventName) == "ApplicationNeedsAttention" or message has "ApplicationNeedsAttention"
| project timestamp, message, severityLevel, cloud_RoleInstance, operation_Id
'''

@description('How often the alert queries run, and the window each one looks at (ISO 8601 duration).')
@allowed(['PT5M', 'PT10M', 'PT15M', 'PT30M', 'PT1H'])
param alertWindow string = 'PT5M'

var suffix = uniqueString(resourceGroup().id, appName)
var storageAccountName = toLower('st${take(replace(appName, '-', ''), 9)}${take(suffix, 13)}')
var keyVaultName = 'kv-${take(replace(appName, '-', ''), 8)}-${take(suffix, 12)}'
var deploymentContainerName = 'app-package'
var publicOrigin = 'https://${split(replace(publicBaseUrl, 'https://', ''), '/')[0]}'
var corsOrigins = empty(uploadAllowedOrigins) ? [publicOrigin] : uploadAllowedOrigins

// The containers of uploads, of the dev mailbox and of the deployment package, and the application tables (the app
// also creates any that are missing when it starts). The Durable extension creates its own task hub queues, tables
// and blob containers (named after the task hub) in this account on first start.
var containerNames = ['materials', 'mailbox', deploymentContainerName]
// Staff:Members as app settings, one entry per member (Staff__Members__{n}__Email, __Role, __Name).
var staffMemberSettings = flatten(map(range(0, length(staffMembers)), i => [
  {
    name: 'Staff__Members__${i}__Email'
    value: staffMembers[i].email
  }
  {
    name: 'Staff__Members__${i}__Role'
    value: staffMembers[i].role
  }
  {
    name: 'Staff__Members__${i}__Name'
    value: staffMembers[i].?name ?? ''
  }
]))

var tableNames = ['Applications', 'ApplicationIndex', 'Applicants', 'MentorLoad', 'Idempotency', 'Seats', 'Translations', 'StaffSignIns', 'StaffSessions', 'ReviewDrafts', 'ProgramSettings']

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

// Data roles of the app's identity on the storage account:
// - Storage Blob Data Owner: the Functions host's own use of AzureWebJobsStorage (coordination, key store, timer
//   locks), and the Flex deployment package read from the app-package container.
// - Storage Blob / Queue / Table Data Contributor: the list the Durable Functions docs give for the Azure Storage
//   provider over an identity-based connection (task hub blobs and leases, control and work-item queues, History
//   and Instances tables); the same roles cover the app's Azure SDK clients (tables, materials, user delegation SAS).
//   Blob Data Contributor is contained in Blob Data Owner; it is assigned as well so the Durable list holds as written.
var storageRoles = [
  roles.storageBlobDataOwner
  roles.storageBlobDataContributor
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

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
    // Host, Durable backend and app reach the account with the managed identity; upload/read links are user
    // delegation SAS.
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

// The queue service stays: the Durable extension keeps its control and work-item queues there.
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

resource translatorKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(translatorKey)) {
  parent: keyVault
  name: 'TranslatorKey'
  properties: {
    value: translatorKey
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
        // 'durable' is the per-function scale group of all orchestrator, activity and entity functions.
        alwaysReady: durableAlwaysReadyInstances > 0 ? [
          {
            name: 'durable'
            instanceCount: durableAlwaysReadyInstances
          }
        ] : []
      }
      // On Flex Consumption the worker runtime and its version are set here; the plan rejects
      // FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION in appSettings.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        {
          // One identity-based connection for the Functions host, the Durable extension's Azure Storage backend
          // (its task hub queues, tables and blobs) and the app's Azure SDK clients (tables, blobs; user
          // delegation SAS for uploads and mentor reads).
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
          // host.json refers to it from extensions.durableTask.hubName.
          name: 'DurableTaskHubName'
          value: taskHubName
        }
        {
          // The portal's programs page is the function at route "" (PortalHome): the host's own landing page must not answer "/".
          name: 'AzureWebJobsDisableHomepage'
          value: 'true'
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
          name: 'Staff__SessionLifetime'
          value: '12:00:00'
        }
        {
          name: 'Staff__SignInLinkLifetime'
          value: '00:15:00'
        }
        ...staffMemberSettings
        {
          name: 'Links__SigningKey'
          value: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=${linkSigningKeySecret.name})'
        }
        {
          name: 'Links__PublicBaseUrl'
          value: publicBaseUrl
        }
        {
          // How long an applicant's write-only upload SAS works; the portal asks for a fresh one when it expires mid-upload.
          name: 'Materials__UploadUrlLifetime'
          value: '02:00:00'
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
        {
          name: 'Translator__Endpoint'
          value: translatorEndpoint
        }
        {
          name: 'Translator__Key'
          value: empty(translatorKey) ? '' : '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=TranslatorKey)'
        }
        {
          name: 'Translator__Region'
          value: translatorRegion
        }
      ]
    }
  }
  dependsOn: [
    sendGridApiKeySecret
    translatorKeySecret
  ]
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in storageRoles: {
  scope: storage
  name: guid(storage.id, functionApp.id, role)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource secretsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, functionApp.id, roles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Alerts: one action group (email), two log search alert rules over the Application Insights tables.

resource alertActionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${appName}-${take(suffix, 6)}'
  location: 'global'
  properties: {
    groupShortName: take(replace(appName, '-', ''), 12)
    enabled: true
    emailReceivers: [
      {
        name: 'alert-email'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource failedExecutionsAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'alert-${appName}-failed-executions'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: '${appName}: failed function executions'
    description: 'Function invocations (HTTP, orchestrator, activity, timer) that failed: Application Insights requests with success == false, HTTP 4xx answers excepted (they are the API contract, not failures).'
    severity: 1
    enabled: alertsEnabled
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: alertWindow
    windowSize: alertWindow
    criteria: {
      allOf: [
        {
          query: failedExecutionsQuery
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: failedExecutionsThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        alertActionGroup.id
      ]
    }
  }
}

resource needsAttentionAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'alert-${appName}-needs-attention'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: '${appName}: application needs attention'
    description: 'An application was put in NeedsAttention (an activity kept failing after its retries): the app logs EventId name ApplicationNeedsAttention. Staff retry or resolve it in the console.'
    severity: 2
    enabled: alertsEnabled
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: alertWindow
    windowSize: alertWindow
    criteria: {
      allOf: [
        {
          query: needsAttentionQuery
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    // Each flagged application is news: fire again for the next one instead of waiting to be resolved.
    autoMitigate: false
    actions: {
      actionGroups: [
        alertActionGroup.id
      ]
    }
  }
}

output functionAppName string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output storageAccountName string = storage.name
output keyVaultName string = keyVault.name
output applicationInsightsName string = appInsights.name
output taskHubName string = taskHubName
output actionGroupName string = alertActionGroup.name
