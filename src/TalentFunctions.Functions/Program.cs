using TalentFunctions.Functions.Functions;
using TalentFunctions.Functions.Hosting;
using TalentFunctions.Functions.Security;

// Hosting (src/TalentFunctions.Functions/Hosting): standalone on http://localhost:7071 with local queue/timer
// runners and Azurite, or an Azure Functions custom handler when FUNCTIONS_CUSTOMHANDLER_PORT is set.
var builder = WebApplication.CreateBuilder(FunctionsHosting.CreateOptions(args));
builder.AddFunctionsHosting();

// Features.
builder.Services.AddApiConventions();                  // JSON, ProblemDetails, OpenAPI, rate limits
builder.Services.AddApiAuthentication();               // applicant and staff API key schemes, Staff and ApplicantOfRouteApplication policies
builder.Services.AddWorkflow();                        // programs, records, Durable orchestrations on the local engine, email, uploads
builder.Services.AddAppTelemetry(builder.Configuration); // OpenTelemetry traces: request → orchestration activities → SendGrid

var app = builder.Build();

// Endpoints. Every named endpoint (.WithName) is an HTTP function.
app.UseApiConventions();
app.MapProgramsApi();     // GET /api/programs
app.MapApplicantApi();    // /api/applications/...
app.MapStaffApi();        // /api/staff/...
app.MapHealthApi();       // GET /api/health
app.MapReviewApi();       // /review/{token} (mentor page), POST /api/reviews/{token}
app.MapOfferApi();        // /offer/{token} (applicant page), POST /api/offers/{token}
app.MapStatusPage();      // GET /applications/{id}?token=… (applicant status page)
app.MapDevMailbox();      // /dev/mailbox, /api/dev/mailbox: standalone Development runs with the dev mailbox only

app.MapFunctionInvocations();

return await app.RunFunctionsAppAsync(args);

public partial class Program;
