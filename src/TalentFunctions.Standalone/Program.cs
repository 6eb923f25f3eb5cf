using TalentFunctions.Standalone.Hosting;
using TalentFunctions.Web;
using TalentFunctions.Web.Endpoints;

// The `dotnet run` host: the same handlers and Durable tasks as the Functions app (src/TalentFunctions.Functions), served
// by Kestrel on http://localhost:7071, with the Durable engine in this process and Azurite started when no storage is set.
var builder = WebApplication.CreateBuilder(StandaloneHosting.CreateOptions(args));
builder.AddStandaloneHosting();                                   // local settings file, Kestrel, the local Durable engine
builder.Services.AddTalentFunctionsWeb(builder.Configuration);    // settings, storage, workflow, email, auth, API conventions, telemetry

var app = builder.Build();
app.UseApiConventions();          // ProblemDetails, body limit, rate limits, authentication, authorization
app.MapTalentFunctionsRoutes();   // every route (TalentFunctions.Web)

return await app.RunStandaloneAsync(args);

public partial class Program;
