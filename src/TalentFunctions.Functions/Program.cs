using TalentFunctions.Functions.Hosting;

// Hosting (src/TalentFunctions.Functions/Hosting): standalone on http://localhost:7071 with local queue/timer
// runners and Azurite, or an Azure Functions custom handler when FUNCTIONS_CUSTOMHANDLER_PORT is set.
var builder = WebApplication.CreateBuilder(FunctionsHosting.CreateOptions(args));
builder.AddFunctionsHosting();

// Features: builder.Services.AddXxx() and the queue/timer functions
// (services.AddQueueFunction<THandler>(FunctionCatalog.ProcessWorkItem), services.AddTimerFunction<THandler>(FunctionCatalog.SweepTimers)).

var app = builder.Build();

// Endpoints: app.MapXxx(). Every named endpoint (.WithName) is an HTTP function.

app.MapFunctionInvocations();

return await app.RunFunctionsAppAsync(args);

public partial class Program;
