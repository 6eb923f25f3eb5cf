using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Worker;
using TalentFunctions.Functions.Hosting;
using TalentFunctions.Web;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Lifecycle;

namespace TalentFunctions.Functions;

/// <summary>
/// The Azure host: a .NET isolated worker. HTTP functions (one per route, <see cref="ApplicantFunctions"/> and its
/// neighbours) call the handlers of TalentFunctions.Web through <see cref="RouteInvoker"/>; the Durable extension runs the
/// application orchestration and its activities. Not a top-level program, so tests can reference this assembly beside
/// the standalone host's <c>Program</c>.
/// </summary>
public static class FunctionsProgram
{
    public static async Task Main(string[] args)
    {
        using var host = CreateBuilder(args).Build();
        await host.RunAsync();
    }

    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();                        // HTTP functions on ASP.NET Core (HttpRequest in, IResult out)

        // The Durable client arrives per invocation ([DurableClient]); the handlers reach it through this source.
        builder.Services.AddSingleton<IDurableClientSource, InvocationDurableClient>();
        builder.Services.AddTalentFunctionsWeb(builder.Configuration);     // settings, storage, workflow, email, auth, telemetry
        builder.Services.AddFunctionRoutes();                               // the routes of TalentFunctions.Web, for the functions to call
        // The eraser's client steps are functions of PrivacyFunctions (they need [DurableClient]).
        builder.ConfigureDurableWorker().AddTasks(tasks => tasks.AddApplicationTasks(hostRunsClientSteps: true));
        return builder;
    }
}
